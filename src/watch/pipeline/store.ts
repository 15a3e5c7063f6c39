import type { NormalizedAlert } from '../../core/alert.js';
import type { Stage } from './types.js';

/** Stores accepted alerts in the inbox; when this resolves they survive a crash (the 202 may go out). */
export const store: Stage<NormalizedAlert, NormalizedAlert> = async (batch, deps) => {
  await deps.store.enqueue(batch);
  return [...batch];
};
