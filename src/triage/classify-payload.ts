import type { SourceName, TriageResult } from '../core/alert.js';
import { newParseContext, parsePayload } from '../sources/index.js';
import { classifyLocally } from './classify.js';
import type { SeverityModel } from './model.js';
import type { CompiledRule } from './rules.js';

/** The offline layers of one run: the person's rules, the active model and a forced source. */
export interface LocalTriage {
  rules: CompiledRule[];
  model: SeverityModel;
  source?: SourceName | undefined;
}

/** One payload through its source and the offline layers; throws UserError on a malformed payload. */
export function classifyPayload(payload: unknown, local: LocalTriage): TriageResult[] {
  const { alerts } = parsePayload(payload, { source: local.source }, newParseContext());
  return alerts.map((alert) => classifyLocally(alert, local.rules, local.model));
}
