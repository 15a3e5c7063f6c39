import type { AlertGroup, RouteDecision } from '../../core/watch.js';
import type { Stage } from './types.js';

async function mutedNow(group: AlertGroup, deps: Parameters<Stage<AlertGroup, unknown>>[1]): Promise<boolean> {
  const latest = await deps.alertById(group.lastAlertId);
  return latest ? (await deps.muted(latest, deps.now())) !== null : false;
}

/** What to do with a group that is due: wake for critical unless muted, otherwise the digest. */
export async function decide(
  group: AlertGroup,
  deps: Parameters<Stage<AlertGroup, unknown>>[1],
): Promise<RouteDecision> {
  const count = group.alertCount === 1 ? '1 alert' : `${group.alertCount} alerts`;
  if (group.severity !== 'critical')
    return { target: 'digest', severity: group.severity, reason: `${group.severity}, ${count} → digest` };
  const latest = await deps.alertById(group.lastAlertId);
  const mutedBy = latest ? await deps.muted(latest, deps.now()) : null;
  if (mutedBy)
    return { target: 'digest', severity: group.severity, reason: `critical but ${mutedBy}, ${count} → digest` };
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
        !(await mutedNow(group, deps))
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
