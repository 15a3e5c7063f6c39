import type { Ladder } from '../../core/wake.js';
import { withStore, type AppContext } from '../context.js';

/** What acknowledging did: `found` false when there is no such group, `changed` false when it was already done. */
export interface AckOutcome {
  found: boolean;
  changed: boolean;
  ladder: Ladder | null;
}

/**
 * Acknowledges an alert group from the command line. The ladder's state lives in the store, so a
 * running daemon sees it on its next tick (within a second) and makes no further call.
 */
export async function acknowledgeGroup(app: AppContext, groupId: number, now = new Date()): Promise<AckOutcome> {
  return withStore(app, {}, async (store) => {
    return await store.wake.acknowledge(groupId, 'cli', now);
  });
}
