import type { NormalizedAlert } from '../../core/alert.js';
import type { WatchStore } from '../../core/watch.js';
import { checkAlert } from './alert.js';
import { replayWindow, toProbe } from './replay.js';
import { CheckTracker, type CheckSnapshot } from './state.js';
import type { CheckConfig, ProbeResult } from './types.js';

/** What running checks needs: a probe, the store, a way into the pipeline's inbox. */
export interface CheckRunnerDeps {
  probe(check: CheckConfig, options: { signal?: AbortSignal }): Promise<ProbeResult>;
  store: Pick<WatchStore, 'recordCheckResult' | 'recentCheckResults' | 'enqueue'>;
  newId(): string;
  now(): Date;
  /** Told after an alert was enqueued, so the pipeline runs now rather than at its next tick. */
  onAlert?(alert: NormalizedAlert): void;
}

/**
 * Runs checks and keeps each one's up/down tracker. A tracker resumes from the check's stored
 * results, so neither a restart nor `watch --once` from cron forgets a failure streak.
 */
export function createCheckRunner(deps: CheckRunnerDeps) {
  const trackers = new Map<string, CheckTracker>();
  // A transition's alert that could not be enqueued (the store went away right after the result
  // was recorded): the tracker has already moved on, so without this the alert would never go out.
  const unsent: NormalizedAlert[] = [];

  async function flushUnsent(): Promise<void> {
    while (unsent.length > 0) {
      const alert = unsent[0]!;
      await deps.store.enqueue([alert]);
      unsent.shift();
      deps.onAlert?.(alert);
    }
  }

  async function trackerFor(check: CheckConfig): Promise<CheckTracker> {
    let tracker = trackers.get(check.name);
    if (!tracker) {
      tracker = new CheckTracker(check);
      const history = await deps.store.recentCheckResults(check.name, replayWindow(check));
      for (const row of history) tracker.observe(toProbe(row));
      trackers.set(check.name, tracker);
    }
    return tracker;
  }

  return {
    /** Probes once, stores the result, and raises an alert when the check changed state. */
    async run(check: CheckConfig, signal?: AbortSignal): Promise<ProbeResult> {
      await flushUnsent();
      const tracker = await trackerFor(check);
      const result = await deps.probe(check, { signal });
      // A probe cut short by shutdown says nothing about the target: not recorded, no transition.
      if (signal?.aborted) return result;
      await deps.store.recordCheckResult({
        check: check.name,
        at: new Date(result.at),
        ok: result.ok,
        status: result.status ?? null,
        ms: result.ms,
        errorType: result.errorType ?? null,
        error: result.error ?? null,
      });
      const transition = tracker.observe(result);
      if (transition) {
        unsent.push(checkAlert(check, transition, deps.newId(), deps.now()));
        await flushUnsent();
      }
      return result;
    },
    /** One check's state ('unknown' before its first probe). */
    state(name: string): CheckSnapshot['state'] {
      return trackers.get(name)?.current ?? 'unknown';
    },
    /** How many checks are up, down and unknown; allocation-free, for the metrics gauge. */
    counts(): Record<CheckSnapshot['state'], number> {
      const counts = { up: 0, down: 0, unknown: 0 };
      for (const tracker of trackers.values()) counts[tracker.current]++;
      return counts;
    },
    /** Forgets checks no longer configured (after a reload). */
    retain(names: Set<string>): void {
      for (const name of trackers.keys()) if (!names.has(name)) trackers.delete(name);
    },
  };
}

export type CheckRunner = ReturnType<typeof createCheckRunner>;
