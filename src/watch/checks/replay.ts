import type { CheckResultRow } from '../../core/watch.js';
import type { CheckConfig, ProbeResult } from './types.js';

/**
 * How many of a check's newest stored results to replay into a tracker (the daemon resuming after
 * a restart, `status build` offline). The thresholds alone would do for a steady check, but a check
 * flapping while down (fail, ok, fail…) stays down for the daemon and would read as up from a
 * window that starts on an ok; a longer window makes that disagreement rare.
 */
export function replayWindow(check: Pick<CheckConfig, 'failureThreshold' | 'successThreshold'>): number {
  return Math.max(20, 2 * (check.failureThreshold + check.successThreshold));
}

/** A stored row as the tracker reads it. */
export function toProbe(row: CheckResultRow): ProbeResult {
  return {
    ok: row.ok,
    at: row.at.toISOString(),
    ms: row.ms,
    ...(row.status === null ? {} : { status: row.status }),
    ...(row.errorType === null ? {} : { errorType: row.errorType as ProbeResult['errorType'] }),
    ...(row.error === null ? {} : { error: row.error }),
  };
}
