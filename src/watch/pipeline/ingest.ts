import type { NormalizedAlert } from '../../core/alert.js';
import { messageOf } from '../../core/errors.js';
import {
  RejectedPayload,
  type IncomingPayload,
  type PayloadRejection,
  type PipelineDeps,
  type Stage,
} from './types.js';

/**
 * Validates: every payload of a request must normalize, or the whole request is refused (and
 * nothing of it is stored), so a sender's retry never leaves half a request behind.
 */
export const ingest: Stage<IncomingPayload, NormalizedAlert> = async (batch, deps) => {
  const { alerts, rejected } = await ingestEach(batch, deps);
  if (rejected.length > 0) throw new RejectedPayload(rejected[0]!.reason);
  return alerts;
};

/**
 * Validates each payload on its own (a webhook body of many lines): one that does not normalize is
 * set aside with its index and reason, and the others go on. Nothing is stored here either way.
 */
export async function ingestEach(
  batch: readonly IncomingPayload[],
  deps: Pick<PipelineDeps, 'parse' | 'now'>,
): Promise<{ alerts: NormalizedAlert[]; rejected: PayloadRejection[] }> {
  const receivedAt = deps.now();
  const alerts: NormalizedAlert[] = [];
  const rejected: PayloadRejection[] = [];
  for (const [index, incoming] of batch.entries()) {
    try {
      alerts.push(...deps.parse(incoming, receivedAt));
    } catch (error) {
      rejected.push({ index, reason: messageOf(error) });
    }
  }
  return { alerts, rejected };
}
