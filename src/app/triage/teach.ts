import readline from 'node:readline';
import { severities, type Severity } from '../../core/alert.js';
import { ExternalError, messageOf } from '../../core/errors.js';
import { openInputFile } from '../../sources/input/payload-reader.js';
import { newParseContext, parsePayload } from '../../sources/index.js';
import type { NewCorrection } from '../../store/types.js';
import { typeOf } from '../../triage/type-key.js';
import { withStore, type AppContext } from '../context.js';
import { retrain } from './feedback.js';

/** What `triage teach` recorded. */
export interface TeachReport {
  file: string;
  /** Labelled lines read (blank lines aside). */
  lines: number;
  /** Verdicts recorded: one per alert (a payload may hold several). */
  corrections: number;
  /** Distinct types among them. */
  types: number;
  bySeverity: Record<Severity, number>;
  /** Types the retrained model learned from (every correction in the store, latest per type). */
  modelTypes: number;
}

/** Malformed lines named in the error at most; the count says how many more. */
const SHOWN_ERRORS = 10;

/**
 * Records every line of a labelled NDJSON file (`{"expected": "critical|warning|info", "alert":
 * payload or text line}`, the `triage eval` format) as the person's verdict on the type of each
 * alert it holds, all in one transaction, then retrains once. A malformed line fails the whole
 * file before anything is stored (ExternalError, exit 1), naming the line numbers.
 */
export async function teachFile(app: AppContext, file: string): Promise<TeachReport> {
  const input = openInputFile(file, 'pass a labelled NDJSON file, one {"expected": …, "alert": …} per line');
  const context = newParseContext();
  const corrections: NewCorrection[] = [];
  const errors: string[] = [];
  let lines = 0;
  let line = 0;
  for await (const text of readline.createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY })) {
    line++;
    if (!text.trim()) continue;
    lines++;
    try {
      const { expected, alert } = JSON.parse(text) as { expected?: unknown; alert?: unknown };
      if (!severities.includes(expected as Severity)) throw new Error('"expected" must be critical, warning or info');
      if (alert === undefined || alert === null) throw new Error('"alert" is missing');
      const severity = expected as Severity;
      for (const parsed of parsePayload(alert, {}, context).alerts)
        corrections.push({ type: typeOf(parsed), severity, alert: parsed });
    } catch (error) {
      errors.push(`line ${line}: ${messageOf(error)}`);
    }
  }
  if (errors.length > 0) {
    const shown = errors.slice(0, SHOWN_ERRORS).join('\n');
    const more = errors.length > SHOWN_ERRORS ? `\n…and ${errors.length - SHOWN_ERRORS} more` : '';
    throw new ExternalError(
      `${file}: ${errors.length} malformed line(s); nothing was taught:\n${shown}${more}`,
      'fix those lines (each: {"expected": "critical|warning|info", "alert": <payload or text line>}) and run again',
    );
  }
  const bySeverity: Record<Severity, number> = { critical: 0, warning: 0, info: 0 };
  for (const { severity } of corrections) bySeverity[severity]++;
  const types = new Set(corrections.map((c) => c.type)).size;
  const modelTypes = await withStore(app, {}, async (store) => {
    await store.corrections.record(corrections);
    return retrain(store);
  });
  return { file, lines, corrections: corrections.length, types, bySeverity, modelTypes };
}
