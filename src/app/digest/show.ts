import type { Ladder } from '../../core/wake.js';
import type { AlertGroup } from '../../core/watch.js';
import { sourceLink } from '../../digest/link.js';
import type { StoredAlert } from '../../store/types.js';
import { withStore, type AppContext } from '../context.js';

/** One alert of a group as `digest show` prints it: the stored alert and a link to it at its source. */
export interface ShownAlert extends StoredAlert {
  link: string | null;
}

/** One alert group in full: the group, its wake ladder (if it rang) and its alerts, oldest first. */
export interface GroupDetail {
  group: AlertGroup;
  ladder: Ladder | null;
  alerts: ShownAlert[];
}

/** Reads one alert group with at most `limit` of its alerts; null when there is no such group. */
export async function showGroup(app: AppContext, groupId: number, limit: number): Promise<GroupDetail | null> {
  return withStore(app, { readOnly: true }, async (store) => {
    const group = await store.watch.getGroup(groupId);
    if (!group) return null;
    const alerts = await store.digest.alertsOfGroup(groupId, limit);
    const ladder = await store.wake.ladderForGroup(groupId);
    return { group, ladder, alerts: alerts.map((a) => ({ ...a, link: sourceLink(a.alert.raw) })) };
  });
}
