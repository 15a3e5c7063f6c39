import type { AlertGroup, RouteDecision } from '../../core/watch.js';
import { mute } from './mute.js';
import type { PipelineDeps, Stage } from './types.js';

/** Why this one group is muted now, or null: the mute stage on a batch of one, asked only when it matters. */
const mutedBy = async (group: AlertGroup, deps: PipelineDeps) => (await mute([group], deps))[0]!.mutedBy;

/** What to do with a group that is due: wake for critical unless muted, otherwise the digest. */
export async function decide(group: AlertGroup, deps: PipelineDeps): Promise<RouteDecision> {
  const count = group.alertCount === 1 ? '1 alert' : `${group.alertCount} alerts`;
  if (group.severity !== 'critical')
    return { target: 'digest', severity: group.severity, reason: `${group.severity}, ${count} → digest` };
  const why = await mutedBy(group, deps);
  if (why) return { target: 'digest', severity: group.severity, reason: `critical but ${why}, ${count} → digest` };
  return { target: 'wake', severity: group.severity, reason: `critical, ${count} → wake` };
}

/**
 * Routes the groups that are due (the caller asks the store which): records the decision first,
 * then wakes, so a crash in between errs towards a record without a call rather than two calls;
 * the wake ladder owns retries. A notifier failure is reported, not thrown: the next group still goes.
 */
export const route: Stage<AlertGroup, { group: AlertGroup; decision: RouteDecision }> = async (batch, deps) => {
  const routed: Array<{ group: AlertGroup; decision: RouteDecision }> = [];
  for (const group of batch) {
    const decision = await decide(group, deps);
    await deps.store.recordRoute(group, decision, deps.now());
    try {
      if (decision.target === 'wake') await deps.notifier.wake(group, decision);
      else if (
        group.severity === 'warning' &&
        group.routedAt === null &&
        deps.notifier.notice &&
        (await mutedBy(group, deps)) === null
      )
        await deps.notifier.notice(group, decision);
    } catch (error) {
      deps.observe?.({ kind: 'route-failed', group, error });
    }
    deps.observe?.({ kind: 'routed', group, decision });
    routed.push({ group, decision });
  }
  return routed;
};
