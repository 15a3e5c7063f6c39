import type { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { severities, type Severity, type SourceName, type TriageResult } from '../../core/alert.js';
import { claudeSettings } from '../../core/claude-settings.js';
import { messageOf } from '../../core/errors.js';
import { reconsider, type SecondOpinion } from '../../triage/classify.js';
import type { AppContext } from '../context.js';
import { classifyPayload } from '../../triage/classify-payload.js';
import { PayloadReader, type InputItem } from '../../sources/input/payload-reader.js';
import { loadLocalTriage } from './local.js';
import { ParallelTriage } from '../../triage/parallel/parallel.js';
import { TriagePool } from '../../triage/parallel/pool.js';
import { ResultWriter } from '../../store/result-writer.js';
import { blockSettingsOf } from '../../triage/parallel/block.js';

/** What `soloops triage` was asked to do. */
export interface TriageRequest {
  input: Readable;
  /** The input's size when known (a file): a long one starts its worker threads at once. */
  inputBytes?: number | undefined;
  source?: SourceName | undefined;
  store: boolean;
  signal: AbortSignal;
  /** Called for each result, in input order, as soon as it is known. */
  onResult(result: TriageResult): void;
  /** Called for each input line that could not be read or parsed. */
  onRejected(line: number, reason: string): void;
  /**
   * The caller writes the `--json` contract (triage/output.ts). A long input may then be classified
   * on worker threads, whose results arrive here already serialized (UTF-8 lines, each ending in a
   * newline) instead of through onResult. Only without the store and the LLM layer.
   */
  json?: { explain: boolean; onLines(json: Uint8Array): void };
}

/** The run's totals. */
export interface TriageSummary {
  alerts: number;
  rejected: number;
  bySeverity: Record<Severity, number>;
  highest: Severity | null;
  /** Threads that classified: 1, or more when a long `--json` run moved to worker threads. */
  threads: number;
}

/** Input read on the main thread before a long run moves to worker threads (≈ 1,000 alerts). */
const PARALLEL_AFTER_CHARS = 256 * 1024;

/**
 * Reads payloads, normalizes them through the sources, classifies each (the offline layers of
 * classifyLocally, then the optional LLM) and stores the results in batches. A bad line is
 * reported and skipped, never fatal.
 */
export async function runTriage(app: AppContext, request: TriageRequest): Promise<TriageSummary> {
  // With --no-store the database is still read for a retrained model, if there is one to read.
  const store = request.store || app.databaseExists() ? await app.openStore({ readOnly: !request.store }) : null;
  let pool: TriagePool | null = null;
  try {
    const local = await loadLocalTriage(app, store, request.source);
    const opinion = await secondOpinion(app);
    const bySeverity: Record<Severity, number> = { critical: 0, warning: 0, info: 0 };
    let rejected = 0;
    const reject = (line: number, reason: string) => {
      rejected++;
      request.onRejected(line, reason);
    };
    const writer = request.store && store ? new ResultWriter(store, reject) : null;
    // One payload's results, shown and queued for the store. Whatever one payload makes throw
    // (its source, a classifier, writing its line) rejects that line only; the results shown
    // before the throw are counted and stored like the output that shows them.
    const deliver = (line: number, results: () => TriageResult[]) => {
      const shown: TriageResult[] = [];
      try {
        for (const result of results()) {
          request.onResult(result);
          shown.push(result);
        }
      } catch (error) {
        reject(line, messageOf(error));
      }
      for (const result of shown) {
        bySeverity[result.severity]++;
        // Outside the try: a failed store stops the run, it is not one bad line.
        writer?.add(result, line);
      }
    };
    // Only the optional LLM is asynchronous; the common path stays free of promises per alert.
    const handle = opinion
      ? async (items: InputItem[]) => {
          for (const item of items) {
            if ('error' in item) {
              reject(item.line, item.error);
              continue;
            }
            let results: TriageResult[];
            try {
              const verdicts = classifyPayload(item.payload, local);
              results = await Promise.all(
                verdicts.map((r) => reconsider(r, opinion, app.config.triage.llm.below_confidence)),
              );
            } catch (error) {
              reject(item.line, messageOf(error));
              continue;
            }
            deliver(item.line, () => results);
          }
        }
      : (items: InputItem[]) => {
          for (const item of items) {
            if ('error' in item) reject(item.line, item.error);
            else deliver(item.line, () => classifyPayload(item.payload, local));
          }
        };

    const { json } = request;
    let parallel: ParallelTriage | null = null;
    const reader = new PayloadReader();
    // Moves the rest of the run to worker threads when it may (--json, no store, no LLM) and can
    // (a built worker, a core to spare): tried once, at a line boundary.
    let poolTried = json === undefined || writer !== null || opinion !== null;
    const goParallel = (): [TriagePool, ParallelTriage] | null => {
      if (poolTried || !json || reader.inDocument) return null;
      poolTried = true;
      const started = TriagePool.start(blockSettingsOf(local, app.config.triage.rules, json.explain));
      if (!started) return null;
      const sink = {
        lines: (lines: Uint8Array, counts: Record<Severity, number>) => {
          for (const severity of severities) bySeverity[severity] += counts[severity];
          json.onLines(lines);
        },
        rejected: reject,
        sequential: (items: InputItem[]) => void handle(items), // synchronous here: no LLM on this path
      };
      return [started, new ParallelTriage(started, local, json.explain, reader.handOver(), sink)];
    };
    // A file known to be long goes parallel from the start: its workers load (modules, model)
    // while the main thread reads and classifies the first blocks.
    if ((request.inputBytes ?? 0) >= PARALLEL_AFTER_CHARS) [pool, parallel] = goParallel() ?? [null, null];
    const decoder = new StringDecoder('utf8');
    let readChars = 0;
    for await (const chunk of request.input as AsyncIterable<Buffer | string>) {
      if (request.signal.aborted) break;
      const text = typeof chunk === 'string' ? chunk : decoder.write(chunk);
      if (parallel) {
        await parallel.push(text);
        continue;
      }
      await handle(reader.push(text));
      readChars += text.length;
      if (readChars >= PARALLEL_AFTER_CHARS) [pool, parallel] = goParallel() ?? [null, null];
    }
    if (!request.signal.aborted) {
      const tail = decoder.end();
      if (parallel) {
        if (tail) await parallel.push(tail);
        await parallel.end();
      } else {
        await handle([...reader.push(tail), ...reader.end()]);
      }
    }
    await writer?.close();
    return {
      alerts: bySeverity.critical + bySeverity.warning + bySeverity.info,
      rejected,
      bySeverity,
      highest: severities.find((severity) => bySeverity[severity] > 0) ?? null,
      threads: 1 + (pool?.size ?? 0),
    };
  } finally {
    await pool?.close();
    await store?.close();
  }
}

/** The LLM layer, only when enabled in config and ANTHROPIC_API_KEY is set; loaded lazily. */
export async function secondOpinion(app: AppContext): Promise<SecondOpinion | null> {
  const settings = claudeSettings(app.config.triage.llm, app.env);
  if (!settings) return null;
  const { createLlmClassifier } = await import('../../triage/llm.js');
  return createLlmClassifier(settings);
}
