import type { TriageResult } from '../core/alert.js';
import { newParseContext, parsePayload } from '../sources/index.js';
import { classifyLocally, type LocalTriage } from './classify.js';

export type { LocalTriage } from './classify.js';

/** One payload through its source and the offline layers; throws UserError on a malformed payload. */
export function classifyPayload(payload: unknown, local: LocalTriage): TriageResult[] {
  const { alerts } = parsePayload(payload, { source: local.source }, newParseContext());
  return alerts.map((alert) => classifyLocally(alert, local));
}
