import type { NormalizedAlert } from '../../core/alert.js';
import { messageOf } from '../../core/errors.js';
import { group } from './group.js';
import { route } from './route.js';
import { triage } from './triage.js';
import type { PipelineDeps } from './types.js';

/** Alerts taken from the inbox per round: one transaction each, small enough to keep latency low. */
const BATCH = 500;

/**
 * Passes in which an alert must fail on its own before it is quarantined: a transient failure
 * (a busy database) gets more chances, a poisoned alert stops blocking the ones behind it.
 */
export const MAX_ATTEMPTS = 3;

/**
 * One pass of the pipeline behind ingest: drains the inbox (triage → group, a batch at a time)
 * and routes every group that is due. It reads only from the store, so after a crash the next
 * pass picks up exactly what was accepted and not yet grouped. A batch that fails is taken one
 * alert at a time, so only the alert that fails on its own stays behind (and, after
 * MAX_ATTEMPTS passes, goes to the dead letters); a store that fails for all of them fails the pass.
 */
export async function processPending(
  deps: PipelineDeps,
  signal?: AbortSignal,
): Promise<{ alerts: number; routed: number; quarantined: number }> {
  let alerts = 0;
  let quarantined = 0;
  for (;;) {
    const { alerts: pending, unreadable } = await deps.store.pending(BATCH);
    for (const row of unreadable) {
      await deps.store.recordFailure(row.id, row.error, { now: deps.now(), maxAttempts: 1 });
      quarantined++;
      deps.observe?.({ kind: 'quarantined', id: row.id, error: row.error });
    }
    if (pending.length === 0 && unreadable.length === 0) break;
    try {
      await group(await triage(pending, deps), deps);
      alerts += pending.length;
    } catch (batchError) {
      const alone = await oneAtATime(pending, deps, batchError);
      alerts += alone.processed;
      quarantined += alone.quarantined;
      // Nothing moved: leave the rest for the next pass rather than spin on the same rows.
      if (alone.processed === 0 && alone.quarantined === 0) break;
    }
    if (pending.length + unreadable.length < BATCH || signal?.aborted) break;
  }
  const { groupWaitMs: waitMs, groupIntervalMs: intervalMs } = deps.settings;
  // The store may give the due groups a page at a time: ask again until it gives none this pass
  // has not routed yet (a group routed once per pass, as when one call returned them all).
  let routed = 0;
  const seen = new Set<number>();
  for (;;) {
    const due = (await deps.store.groupsToRoute(deps.now(), { waitMs, intervalMs })).filter((g) => !seen.has(g.id));
    if (due.length === 0) break;
    for (const g of due) seen.add(g.id);
    routed += (await route(due, deps)).length;
    if (signal?.aborted) break;
  }
  return { alerts, routed, quarantined };
}

/**
 * Retries a failed batch alert by alert. An alert that fails alone has its attempt counted; when
 * even counting fails, the store itself is down and the batch's error is thrown (nothing is
 * quarantined because of an outage).
 */
async function oneAtATime(
  pending: readonly NormalizedAlert[],
  deps: PipelineDeps,
  batchError: unknown,
): Promise<{ processed: number; quarantined: number }> {
  let processed = 0;
  let quarantined = 0;
  for (const alert of pending) {
    try {
      await group(await triage([alert], deps), deps);
      processed++;
    } catch (error) {
      const reason = messageOf(error);
      let dead: boolean;
      try {
        dead = await deps.store.recordFailure(alert.id, reason, { now: deps.now(), maxAttempts: MAX_ATTEMPTS });
      } catch {
        throw batchError;
      }
      if (dead) {
        quarantined++;
        deps.observe?.({ kind: 'quarantined', id: alert.id, error: reason });
      }
    }
  }
  return { processed, quarantined };
}
