import type { NormalizedAlert } from '../../core/alert.js';
import { messageOf } from '../../core/errors.js';
import { RejectedPayload, type IncomingPayload, type Stage } from './types.js';

/**
 * Validates: every payload of a request must normalize, or the whole request is refused (and
 * nothing of it is stored), so a sender's retry never leaves half a request behind.
 */
export const ingest: Stage<IncomingPayload, NormalizedAlert> = async (batch, deps) => {
  const receivedAt = deps.now();
  const alerts: NormalizedAlert[] = [];
  for (const incoming of batch) {
    try {
      alerts.push(...deps.parse(incoming, receivedAt));
    } catch (error) {
      throw new RejectedPayload(messageOf(error));
    }
  }
  return alerts;
};
