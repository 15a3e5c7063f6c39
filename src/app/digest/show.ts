import type { Ladder } from '../../core/wake.js';
import type { AlertGroup } from '../../core/watch.js';
import { sourceLink } from '../../digest/link.js';
import { joinGroup, newGroup } from '../../store/watch.js';
import type { Store, StoredAlert } from '../../store/index.js';
import { personTimeZone } from '../config.js';
import { withStore, type AppContext } from '../context.js';

/** One alert of a group as `digest show` prints it: the stored alert and a link to it at its source. */
export interface ShownAlert extends StoredAlert {
  link: string | null;
}

/** One alert group in full: the group, its wake ladder (if it rang) and its alerts, oldest first. */
export interface GroupDetail {
  /**
   * The watch group; for alerts stored by `soloops triage` (no group), the type the digest groups
   * them into, with id 0 (`grouped` false).
   */
  group: AlertGroup;
  /** False for a type of alerts that went through no `watch` group. */
  grouped: boolean;
  /** "#12", or the alert id prefix the digest shows for a type without a group. */
  ref: string;
  ladder: Ladder | null;
  alerts: ShownAlert[];
  /** The person's zone, which every time is printed in. */
  timezone: string;
}

/** A group number ("12", "#12"), or else an alert id or a unique prefix of one (8 characters or more). */
export type GroupRequest = { groupId: number } | { alertId: string };

/**
 * Reads one alert group with at most `limit` of its alerts; null when there is no such group or
 * alert. An alert id names its group; an alert that joined none (stored by `soloops triage`) names
 * the other such alerts of its fingerprint, as the digest groups them. UserError for an ambiguous prefix.
 */
export async function showGroup(app: AppContext, request: GroupRequest, limit: number): Promise<GroupDetail | null> {
  const timezone = personTimeZone(app.config);
  return withStore(app, { readOnly: true }, async (store) => {
    if ('groupId' in request) return groupDetail(store, request.groupId, limit, timezone);
    const stored = await store.getAlert(request.alertId);
    if (!stored) return null;
    if (stored.groupId !== null) return groupDetail(store, stored.groupId, limit, timezone);
    const alerts = await store.digest.ungroupedAlertsLike(stored.alert.fingerprint, limit);
    return {
      group: typeOf(alerts, stored),
      grouped: false,
      ref: (alerts.at(-1) ?? stored).alert.id.slice(0, 8),
      ladder: null,
      alerts: alerts.map(withLink),
      timezone,
    };
  });
}

const withLink = (a: StoredAlert): ShownAlert => ({ ...a, link: sourceLink(a.alert.raw) });

async function groupDetail(store: Store, groupId: number, limit: number, timezone: string) {
  const group = await store.watch.getGroup(groupId);
  if (!group) return null;
  const alerts = await store.digest.alertsOfGroup(groupId, limit);
  const ladder = await store.wake.ladderForGroup(groupId);
  return { group, grouped: true, ref: `#${groupId}`, ladder, alerts: alerts.map(withLink), timezone };
}

/** The alerts folded by watch's own rules into one group-shaped summary (id 0: it is in no table). */
function typeOf(alerts: StoredAlert[], named: StoredAlert): AlertGroup {
  const first = alerts[0] ?? named;
  const at = (a: StoredAlert) => new Date(a.alert.receivedAt);
  const group = newGroup(`fp:${first.alert.fingerprint}`, first, at(first));
  for (const alert of alerts) {
    // A firing alert after a resolved one reopens the type (watch would open a new group).
    if (group.state === 'resolved' && alert.alert.status === 'firing') {
      group.state = 'open';
      group.resolvedAt = null;
    }
    joinGroup(group, alert, at(alert));
  }
  return group;
}
