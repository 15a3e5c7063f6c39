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

/**
 * Runs each check every `interval` ms, starting at its spread-out offset. A run still going when
 * the next is due makes that next one skip, so a slow target never stacks probes. Resolves once
 * the signal has aborted and every run in flight has settled.
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

  const later = (ms: number, fn: () => void) => {
    const handle = timers.setTimeout(() => {
      pending.delete(handle);
      if (!signal.aborted) fn();
    }, ms);
    pending.add(handle);
  };

  const tick = (check: CheckConfig) => {
    // Fixed rate: the next run is booked before this one starts, however long it takes.
    later(check.interval, () => tick(check));
    if (busy.has(check)) {
      options.onSkip?.(check);
      return;
    }
    busy.add(check);
    const running: Promise<void> = Promise.resolve()
      .then(async () => {
        await run(check);
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
      later(firstRunDelay(check.interval, index, checks.length), () => tick(check));
    }
  });
}
