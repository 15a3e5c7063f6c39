import type { Severity } from '../../core/alert.js';
import { ExternalError } from '../../core/errors.js';
import type { NewCorrection } from '../../store/types.js';
import { typeOf } from '../../triage/type-key.js';
import { withStore, type AppContext } from '../context.js';
import { retrain } from './feedback.js';
import { readLabelledFile } from './labelled.js';

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
  const corrections: NewCorrection[] = [];
  const errors: string[] = [];
  let lines = 0;
  const hint = 'pass a labelled NDJSON file, one {"expected": …, "alert": …} per line';
  for await (const { expected, alerts } of readLabelledFile(file, hint, (line, reason) => {
    lines++;
    errors.push(`line ${line}: ${reason}`);
  })) {
    lines++;
    for (const alert of alerts) corrections.push({ type: typeOf(alert), severity: expected, alert });
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
