import type { Ladder } from '../../core/wake.js';
import { findAckTarget } from '../../watch/wake/ack-target.js';
import { withStore, type AppContext } from '../context.js';

export { AckRefused } from '../../watch/wake/ack-target.js';

/**
 * What acknowledging did: the group acknowledged, the alert it was named by (null when named by
 * its number), and `changed` false when it was already acknowledged.
 */
export interface AckOutcome {
  groupId: number;
  alertId: string | null;
  changed: boolean;
  ladder: Ladder | null;
}

/**
 * Acknowledges an alert group from the command line, named by its number, an alert id or a unique
 * id prefix (see findAckTarget; an unknown or resolved group is an AckRefused, exit 2). The ladder's
 * state lives in the store, so a running daemon sees it on its next tick (within a second).
 */
export async function acknowledge(app: AppContext, named: string, now = new Date()): Promise<AckOutcome> {
  return withStore(app, {}, async (store) => {
    const target = await findAckTarget(
      { getGroup: (id) => store.watch.getGroup(id), getAlert: (id) => store.getAlert(id) },
      named,
    );
    const result = await store.wake.acknowledge(target.group.id, 'cli', now);
    return { groupId: target.group.id, alertId: target.alertId, changed: result.changed, ladder: result.ladder };
  });
}
