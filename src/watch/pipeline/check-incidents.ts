import type { NormalizedAlert } from '../../core/alert.js';
import type { CheckStateOf } from '../../incident/auto/engine.js';
import type { Transition } from '../checks/state.js';
import type { CheckConfig, ProbeResult } from '../checks/types.js';

/** Automatic incidents as the daemon drives them (src/incident/auto/engine.ts); no method throws. */
export interface DaemonIncidents {
  checkDown(check: CheckConfig, probe: { since: string } & Omit<ProbeResult, 'ok' | 'at' | 'ms'>): Promise<unknown>;
  /** Moves the open incident forward: on every tick, and as soon as a check is back up. */
  review(checkState: CheckStateOf): Promise<unknown>;
  idle(): Promise<void>;
}

/**
 * Tells automatic incidents of a check's transition as its alert is enqueued, before the pipeline
 * runs: a check down opens (or joins) the incident at once, unless the alert is muted (a
 * maintenance window or a silence: the person expects it, as the route would say); a check up is
 * reviewed at once.
 */
export function checkIncidents(
  incidents: DaemonIncidents,
  checkOf: (name: string) => CheckConfig | undefined,
  checkState: CheckStateOf,
  muted: (alert: NormalizedAlert) => Promise<string | null>,
) {
  const down = async (alert: NormalizedAlert, check: CheckConfig, transition: Transition & { kind: 'down' }) => {
    if (await muted(alert).catch(() => null)) return;
    const { errorType, error, status } = transition.result;
    await incidents.checkDown(check, { since: transition.since, errorType, error, status });
  };
  return (alert: NormalizedAlert): void => {
    if (alert.source !== 'check') return;
    const { check: name, transition } = alert.raw as { check: string; transition: Transition };
    const check = checkOf(name);
    if (transition.kind === 'down' && check) void down(alert, check, transition);
    else if (transition.kind === 'up') void incidents.review(checkState);
  };
}
