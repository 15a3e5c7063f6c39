import type { CheckConfig } from './types.js';

/** The timer functions the scheduler uses; injectable, and looked up per call so fake timers work. */
export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** Options for {@link scheduleChecks}. */
export interface ScheduleOptions {
  /** Aborting stops all scheduling; no timer is left behind. */
  signal: AbortSignal;
  timers?: Timers;
  /** Called when a run rejects; `run` should handle its own errors, this is the safety net. */
  onError?: (check: CheckConfig, error: unknown) => void;
  /** Called when a run is skipped because the previous one of the same check is still going. */
  onSkip?: (check: CheckConfig) => void;
}

/** The retry interval when a check (built by hand, not by the config schema) names none. */
export const DEFAULT_RETRY_INTERVAL = 5_000;

const globalTimers: Timers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/**
 * The delay before check `index` of `count` first runs: checks are spread evenly over their
 * interval so a thousand checks don't all fire in the same instant.
 */
export function firstRunDelay(interval: number, index: number, count: number): number {
  return count > 0 ? Math.floor((interval * index) / count) : 0;
}

/** Whether a run handed back a probe result, and whether it passed; anything else keeps the routine interval. */
function probeOutcome(result: unknown): 'ok' | 'failed' | null {
  if (typeof result !== 'object' || result === null || !('ok' in result)) return null;
  return (result as { ok: unknown }).ok === false ? 'failed' : 'ok';
}

/**
 * A check's streak as its tracker (state.ts) counts it, mirrored here only to know when a verdict
 * is pending: failures not yet at failureThreshold (is it down?) or, while down, successes not yet
 * at successThreshold (is it back?). Only then is the next probe brought forward; a confirmed
 * outage is probed at the routine interval, so it does not fill the store with retries and the
 * count-based uptime (successful / total probes) is not skewed by them.
 */
class Streak {
  private failures = 0;
  private successes = 0;
  private down = false;

  constructor(private readonly check: CheckConfig) {}

  /** Records an outcome; true when the next probe should come after retryInterval. */
  pending(outcome: 'ok' | 'failed'): boolean {
    if (outcome === 'failed') {
      this.failures++;
      this.successes = 0;
      if (this.failures >= this.check.failureThreshold) this.down = true;
      return !this.down;
    }
    this.successes++;
    this.failures = 0;
    if (this.successes >= this.check.successThreshold) this.down = false;
    return this.down;
  }
}

/**
 * Runs each check every `interval` ms, starting at its spread-out offset. A run still going when
 * the next is due makes that next one skip, so a slow target never stacks probes. While a verdict
 * is pending (a failure not yet confirmed by failureThreshold failures, or a recovery not yet by
 * successThreshold successes) the next run is booked `retryInterval` after the last one ended
 * instead of at the routine interval: an outage is confirmed in seconds while healthy and
 * confirmed-down checks stay at their interval. Resolves once the signal has aborted and every run
 * in flight has settled.
 */
export function scheduleChecks(
  checks: readonly CheckConfig[],
  run: (check: CheckConfig) => Promise<unknown>,
  options: ScheduleOptions,
): Promise<void> {
  const { signal } = options;
  const timers = options.timers ?? globalTimers;
  const pending = new Set<unknown>();
  const inFlight = new Set<Promise<void>>();
  const busy = new Set<CheckConfig>();
  /** Each check's next booked run, so a failure can bring it forward. */
  const booked = new Map<CheckConfig, unknown>();
  const streaks = new Map<CheckConfig, Streak>();
  const streakOf = (check: CheckConfig): Streak => {
    let streak = streaks.get(check);
    if (!streak) streaks.set(check, (streak = new Streak(check)));
    return streak;
  };

  const later = (ms: number, fn: () => void): unknown => {
    const handle = timers.setTimeout(() => {
      pending.delete(handle);
      if (!signal.aborted) fn();
    }, ms);
    pending.add(handle);
    return handle;
  };

  /** Replaces the check's booked run with one `ms` from now. */
  const book = (check: CheckConfig, ms: number) => {
    const previous = booked.get(check);
    if (previous !== undefined && pending.delete(previous)) timers.clearTimeout(previous);
    booked.set(
      check,
      later(ms, () => tick(check)),
    );
  };

  const tick = (check: CheckConfig) => {
    // Fixed rate: the next run is booked before this one starts, however long it takes.
    book(check, check.interval);
    if (busy.has(check)) {
      options.onSkip?.(check);
      return;
    }
    busy.add(check);
    const running: Promise<void> = Promise.resolve()
      .then(async () => {
        const outcome = probeOutcome(await run(check));
        // Never later than the routine run would be; nothing is booked once aborted.
        if (outcome && streakOf(check).pending(outcome) && !signal.aborted)
          book(check, Math.min(check.retryInterval ?? DEFAULT_RETRY_INTERVAL, check.interval));
      })
      .catch((error: unknown) => {
        try {
          options.onError?.(check, error);
        } catch {
          // A throwing error handler must not become an unhandled rejection in a daemon.
        }
      })
      .finally(() => {
        busy.delete(check);
        inFlight.delete(running);
      });
    inFlight.add(running);
  };

  return new Promise((resolve) => {
    const stop = () => {
      for (const handle of pending) timers.clearTimeout(handle);
      pending.clear();
      void Promise.allSettled([...inFlight]).then(() => resolve());
    };
    if (signal.aborted) return stop();
    signal.addEventListener('abort', stop, { once: true });
    for (const [index, check] of checks.entries()) {
      book(check, firstRunDelay(check.interval, index, checks.length));
    }
  });
}
