import type { DigestAlert } from '../core/digest.js';
import type { AlertGroup } from '../core/watch.js';
import { joinGroup, newGroup, type GroupedAlert } from '../store/watch.js';

/** One stored alert, as the digest reads it. */
export interface DigestSourceAlert extends DigestAlert {
  service: string;
  fingerprint: string;
  groupId: number | null;
  /** The group key watch gives it (`groupKeyOf`): how an alert without a group is grouped here. */
  groupKey: string;
}

/** One alert type of the window: its alerts, the group it is shown as, and the group whose ladder rang. */
export interface AlertType {
  /** The group whose state the digest shows (title, severity, resolution): the one seen last. */
  shown: AlertGroup;
  /** The newest watch group of the type (for `#12`), or null when only `soloops triage` stored its alerts. */
  groupId: number | null;
  alerts: DigestSourceAlert[];
  /** A watch group of the type that started a wake ladder. */
  woke: AlertGroup | null;
}

const asGrouped = (alert: DigestSourceAlert): GroupedAlert => ({ alert, severity: alert.severity });

/**
 * Every alert of the window in exactly one type, keyed by service and group key. Alerts that went
 * through `watch` bring their group; alerts stored by `soloops triage` have none, so they are grouped
 * here by watch's own rules (the key `groupKeyOf` gave them, `newGroup`/`joinGroup`, a new group after
 * a resolved one or a quiet spell longer than `staleAfterMs`). Groups of one key are one type (a storm
 * split by a quiet hour, a type that resolved and fired again), watch's and triage's alike.
 * `alerts` must be oldest first.
 */
export function alertTypes(
  alerts: DigestSourceAlert[],
  groups: ReadonlyMap<number, AlertGroup>,
  rang: ReadonlySet<number>,
  staleAfterMs: number,
): AlertType[] {
  const types = new Map<string, AlertType>();
  const formed = new Map<string, AlertGroup>();
  const add = (typeKey: string, group: AlertGroup, alert: DigestSourceAlert) => {
    const real = group.id > 0 ? group : null;
    const type = types.get(typeKey);
    if (!type) {
      types.set(typeKey, {
        shown: group,
        groupId: real?.id ?? null,
        alerts: [alert],
        woke: real && rang.has(real.id) ? real : null,
      });
      return;
    }
    type.alerts.push(alert);
    if (group.lastSeen >= type.shown.lastSeen) type.shown = group;
    if (real && (type.groupId === null || real.id > type.groupId)) type.groupId = real.id;
    if (real && !type.woke && rang.has(real.id)) type.woke = real;
  };
  for (const alert of alerts) {
    const group = alert.groupId === null ? undefined : groups.get(alert.groupId);
    if (group) {
      add(`${group.service}\n${group.key}`, group, alert);
      continue;
    }
    // Stored by `soloops triage` (or its group is gone): grouped as watch would have grouped it.
    const typeKey = `${alert.service}\n${alert.groupKey}`;
    let current = formed.get(typeKey);
    const at = alert.receivedAt;
    if (!current || current.state === 'resolved' || at.getTime() - current.lastSeen.getTime() > staleAfterMs) {
      current = newGroup(alert.groupKey, asGrouped(alert), at);
      formed.set(typeKey, current);
    }
    joinGroup(current, asGrouped(alert), at);
    add(typeKey, current, alert);
  }
  return [...types.values()];
}
