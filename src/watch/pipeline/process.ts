import { group } from './group.js';
import { route } from './route.js';
import { triage } from './triage.js';
import type { PipelineDeps } from './types.js';

/** Alerts taken from the inbox per round: one transaction each, small enough to keep latency low. */
const BATCH = 500;

/**
 * One pass of the pipeline behind ingest: drains the inbox (triage → group, a batch at a time)
 * and routes every group that is due. It reads only from the store, so after a crash the next
 * pass picks up exactly what was accepted and not yet grouped.
 */
export async function processPending(deps: PipelineDeps, signal?: AbortSignal): Promise<{ alerts: number; routed: number }> {
  let alerts = 0;
  for (;;) {
    const pending = await deps.store.pending(BATCH);
    if (pending.length === 0) break;
    await group(await triage(pending, deps), deps);
    alerts += pending.length;
    if (pending.length < BATCH || signal?.aborted) break;
  }
  const { groupWaitMs: waitMs, groupIntervalMs: intervalMs } = deps.settings;
  const due = await deps.store.groupsToRoute(deps.now(), { waitMs, intervalMs });
  const routed = await route(due, deps);
  return { alerts, routed: routed.length };
}
