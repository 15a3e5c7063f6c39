import type { CheckResultRow } from '../core/watch.js';
import { replayWindow, toProbe } from '../watch/checks/replay.js';
import { CheckTracker } from '../watch/checks/state.js';
import type { CheckConfig } from '../watch/checks/types.js';
import type { CheckStatus } from './service-state.js';

/** What replaying a check's results needs from its config. */
export type ReplayedCheck = Pick<CheckConfig, 'name' | 'failureThreshold' | 'successThreshold' | 'slowMs'>;

/**
 * A check's status from its stored results, oldest first (as `store.watch.recentCheckResults`
 * returns them), by replaying them through the daemon's own CheckTracker: `status build`, run
 * offline, says up or down exactly when the daemon would after reading the same results.
 */
export function checkStatusFromResults(check: ReplayedCheck, rows: readonly CheckResultRow[]): CheckStatus {
  const tracker = new CheckTracker(check);
  let lastMs: number | undefined;
  for (const row of rows) {
    tracker.observe(toProbe(row));
    // A failed probe's time is how long it took to fail, not a response time.
    if (row.ok) lastMs = row.ms;
  }
  return {
    check: check.name,
    state: tracker.current,
    ...(lastMs !== undefined && { lastMs }),
    ...(check.slowMs !== undefined && { slowMs: check.slowMs }),
  };
}

/** Every configured check's status; `resultsOf(name)` gives that check's rows, oldest first. */
export function checkStatuses(
  checks: readonly ReplayedCheck[],
  resultsOf: (name: string) => readonly CheckResultRow[],
): CheckStatus[] {
  return checks.map((check) => checkStatusFromResults(check, resultsOf(check.name)));
}

/** Reads the rows a replay needs from the store and returns every check's status. */
export async function loadCheckStatuses(
  checks: readonly ReplayedCheck[],
  store: { recentCheckResults(check: string, limit: number): Promise<CheckResultRow[]> },
): Promise<CheckStatus[]> {
  const rows = await Promise.all(checks.map((c) => store.recentCheckResults(c.name, replayWindow(c))));
  return checks.map((check, i) => checkStatusFromResults(check, rows[i] ?? []));
}
