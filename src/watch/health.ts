// /healthz's view of the pipeline, apart from the daemon so the verdict can be tested on its own.

/**
 * An alert waiting this long in the inbox means the pipeline is not draining (it normally takes
 * well under a second): /healthz answers 503 so a supervisor or uptime check notices.
 */
export const STALLED_AFTER_MS = 120_000;

/** /healthz's verdict on the pipeline: degraded when the oldest waiting alert is older than STALLED_AFTER_MS. */
export function pipelineHealth(state: { waiting: number; oldest: Date | null; deadLetters: number }, now: Date) {
  const oldestWaitingSeconds = state.oldest
    ? Math.max(0, Math.round((now.getTime() - state.oldest.getTime()) / 1000))
    : 0;
  const draining = oldestWaitingSeconds * 1000 < STALLED_AFTER_MS;
  return {
    status: draining ? ('ok' as const) : ('degraded' as const),
    ...(draining
      ? {}
      : {
          reason:
            `the pipeline is not draining: ${state.waiting} alerts waiting, ` +
            `the oldest for ${oldestWaitingSeconds} s`,
        }),
    pipeline: { waiting: state.waiting, oldestWaitingSeconds, deadLetters: state.deadLetters },
  };
}
