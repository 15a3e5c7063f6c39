import type { Readable } from 'node:stream';
import { severities, type Severity, type SourceName, type TriageResult } from '../core/alert.js';
import { messageOf } from '../core/errors.js';
import { newParseContext, parsePayload } from '../sources/index.js';
import { classifyLocally, reconsider, type SecondOpinion } from '../triage/classify.js';
import { compileRules } from '../triage/rules.js';
import type { AppContext } from './context.js';
import { readPayloadBatches } from './triage-input.js';
import { loadActiveModel } from './triage-model.js';
import { ResultWriter } from './triage-store.js';

/** What `soloops triage` was asked to do. */
export interface TriageRequest {
  input: Readable;
  source?: SourceName | undefined;
  store: boolean;
  signal: AbortSignal;
  /** Called for each result, in input order, as soon as it is known. */
  onResult(result: TriageResult): void;
  /** Called for each input line that could not be read or parsed. */
  onRejected(line: number, reason: string): void;
}

/** The run's totals. */
export interface TriageSummary {
  alerts: number;
  rejected: number;
  bySeverity: Record<Severity, number>;
  highest: Severity | null;
}

/**
 * Reads payloads, normalizes them through the sources, classifies each (rules → model → optional
 * LLM) and stores the results in batches. A bad line is reported and skipped, never fatal.
 */
export async function runTriage(app: AppContext, request: TriageRequest): Promise<TriageSummary> {
  const rules = compileRules(app.config.triage.rules);
  // With --no-store the database is still read for a retrained model, if there is one to read.
  const store = request.store || app.databaseExists() ? await app.openStore() : null;
  try {
    const model = await loadActiveModel(store);
    const opinion = await secondOpinion(app);
    const writer = request.store && store ? new ResultWriter(store) : null;
    const bySeverity: Record<Severity, number> = { critical: 0, warning: 0, info: 0 };
    let rejected = 0;
    const classify = (item: { line: number; payload: unknown }): TriageResult[] | Promise<TriageResult[]> => {
      const { alerts } = parsePayload(item.payload, { source: request.source }, newParseContext());
      const local = alerts.map((alert) => classifyLocally(alert, rules, model));
      // Only the optional LLM is asynchronous; the common path stays free of promises per alert.
      return opinion ? Promise.all(local.map((r) => reconsider(r, opinion, app.config.triage.llm.below_confidence))) : local;
    };
    for await (const batch of readPayloadBatches(request.input)) {
      for (const item of batch) {
        if (request.signal.aborted) break;
        if ('error' in item) {
          rejected++;
          request.onRejected(item.line, item.error);
          continue;
        }
        let results: TriageResult[];
        try {
          const classified = classify(item);
          results = Array.isArray(classified) ? classified : await classified;
        } catch (error) {
          rejected++;
          request.onRejected(item.line, messageOf(error));
          continue;
        }
        for (const result of results) {
          bySeverity[result.severity]++;
          request.onResult(result);
          writer?.add(result);
        }
      }
      if (request.signal.aborted) break;
    }
    await writer?.close();
    return {
      alerts: bySeverity.critical + bySeverity.warning + bySeverity.info,
      rejected,
      bySeverity,
      highest: severities.find((severity) => bySeverity[severity] > 0) ?? null,
    };
  } finally {
    await store?.close();
  }
}

/** The LLM layer, only when enabled in config and ANTHROPIC_API_KEY is set; loaded lazily. */
export async function secondOpinion(app: AppContext): Promise<SecondOpinion | null> {
  const { llm } = app.config.triage;
  const apiKey = app.env.ANTHROPIC_API_KEY;
  if (!llm.enabled || !apiKey) return null;
  const { createLlmClassifier } = await import('../triage/llm.js');
  return createLlmClassifier({ apiKey, model: llm.model, timeoutMs: llm.timeout, baseURL: app.env.ANTHROPIC_BASE_URL });
}

