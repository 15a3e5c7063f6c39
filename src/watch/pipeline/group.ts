import type { TriageResult } from '../../core/alert.js';
import type { AlertGroup } from '../../core/watch.js';
import type { Stage } from './types.js';

/**
 * The group an alert joins: its fingerprint, or, with `groupBy`, the service and the values of
 * those labels (Alertmanager's group_by), so e.g. every alert of one cluster is one group.
 */
export function groupKeyOf(result: TriageResult, groupBy: string[] | undefined): string {
  const { alert } = result;
  if (!groupBy?.length) return `fp:${alert.fingerprint}`;
  return `by:${JSON.stringify([alert.service, ...groupBy.map((label) => alert.labels[label] ?? '')])}`;
}

/** Stores the triaged alerts with their groups and takes them out of the inbox, in one transaction. */
export const group: Stage<TriageResult, AlertGroup> = async (batch, deps) => {
  const { groupBy, resolveTimeoutMs } = deps.settings;
  return deps.store.commitGrouped(
    batch.map((result) => ({ result, groupKey: groupKeyOf(result, groupBy) })),
    {
      now: deps.now(),
      staleAfterMs: resolveTimeoutMs,
    },
  );
};
