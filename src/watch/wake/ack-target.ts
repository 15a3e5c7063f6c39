import { UserError } from '../../core/errors.js';
import type { AlertGroup } from '../../core/watch.js';

/** What naming an alert needs from the store: the group, and the stored alert by id or unique prefix. */
export interface AckLookup {
  getGroup(id: number): Promise<AlertGroup | null>;
  /** The stored alert with this id or unique id prefix (≥ 8 characters); UserError when too short or ambiguous. */
  getAlert(idOrPrefix: string): Promise<{ alert: { id: string }; groupId: number | null } | null>;
}

/** Why an acknowledgement was refused; `status` is the HTTP answer, the CLI exits 2 on any. */
export class AckRefused extends UserError {
  constructor(
    readonly status: 400 | 404 | 409,
    message: string,
    hint: string,
  ) {
    super(message, hint);
  }
}

/** The group to acknowledge, and the alert it was named by (null when named by its number). */
export interface AckTarget {
  group: AlertGroup;
  alertId: string | null;
}

const SEE_OPEN = 'the open groups and their numbers: soloops watch status';

/**
 * Finds what `soloops ack X` and `POST /v1/ack/X` acknowledge: X is a group number (#12, as the call,
 * the SMS and `watch status` give it), or an alert id or a unique prefix of one of at least 8
 * characters (as `POST /v1/alerts` answers), which names that alert's group. Digits name a group
 * when one has that number; 8 or more digits that name no group are read as an id prefix (ids are
 * hexadecimal and may begin with digits). Refused (AckRefused): nothing found (404), a resolved
 * group, an alert in no group, or a prefix several ids share (409), a short non-number (400).
 */
export async function findAckTarget(lookup: AckLookup, raw: string): Promise<AckTarget> {
  const typed = raw.trim().replace(/^#/, '');
  if (/^\d+$/.test(typed)) {
    const group = Number(typed) > 0 ? await lookup.getGroup(Number(typed)) : null;
    if (group) return { group: usable(group, `#${group.id}`), alertId: null };
    if (typed.length < 8) throw new AckRefused(404, `no alert group #${typed}`, SEE_OPEN);
  }
  let stored: Awaited<ReturnType<AckLookup['getAlert']>>;
  try {
    stored = await lookup.getAlert(typed);
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
    // The store says "too short" or "several alerts share it": keep its words.
    const status = /several/.test(error.message) ? 409 : 400;
    throw new AckRefused(status, error.message, error.hint ?? SEE_OPEN);
  }
  if (!stored)
    throw new AckRefused(
      404,
      `no alert group or alert "${typed}"`,
      `give a group number (#12) or an alert id, or at least its first 8 characters; ${SEE_OPEN}`,
    );
  if (stored.groupId === null)
    throw new AckRefused(
      409,
      `alert ${stored.alert.id} belongs to no alert group, so nothing rings for it`,
      'only alerts that came through `soloops watch` are grouped and can wake you; ' +
        'alerts stored by `soloops triage` show in the digest',
    );
  const group = await lookup.getGroup(stored.groupId);
  if (!group) throw new AckRefused(404, `the group of alert ${stored.alert.id} is gone`, SEE_OPEN);
  return { group: usable(group, `#${group.id} (the group of alert ${stored.alert.id})`), alertId: stored.alert.id };
}

/** A resolved group has nothing left to stop: saying "acknowledged" would hide that it is over. */
function usable(group: AlertGroup, named: string): AlertGroup {
  if (group.state === 'resolved')
    throw new AckRefused(409, `alert group ${named} is resolved: there is nothing to acknowledge`, SEE_OPEN);
  return group;
}
