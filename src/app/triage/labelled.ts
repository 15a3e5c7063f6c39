import readline from 'node:readline';
import { severities, type NormalizedAlert, type Severity } from '../../core/alert.js';
import { messageOf } from '../../core/errors.js';
import { openInputFile } from '../../sources/input/payload-reader.js';
import { newParseContext, parsePayload } from '../../sources/index.js';

/** One usable line of a labelled file: the person's verdict and the alerts its payload holds. */
export interface LabelledLine {
  line: number;
  expected: Severity;
  alerts: NormalizedAlert[];
}

/**
 * The lines of a labelled NDJSON file (`{"expected": "critical|warning|info", "alert": payload or
 * text line}`), the format `triage eval` scores and `triage teach` records, each parsed through
 * the sources. Blank lines are skipped; a line that cannot be used goes to `onBad` with its number
 * and reason, and reading goes on. `hint` says what to pass when the file cannot be opened.
 */
export async function* readLabelledFile(
  file: string,
  hint: string,
  onBad: (line: number, reason: string) => void,
): AsyncGenerator<LabelledLine> {
  const input = openInputFile(file, hint);
  const context = newParseContext();
  let line = 0;
  for await (const text of readline.createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY })) {
    line++;
    if (!text.trim()) continue;
    let labelled: LabelledLine;
    try {
      const { expected, alert } = JSON.parse(text) as { expected?: unknown; alert?: unknown };
      if (!severities.includes(expected as Severity)) throw new Error('"expected" must be critical, warning or info');
      if (alert === undefined || alert === null) throw new Error('"alert" is missing');
      labelled = { line, expected: expected as Severity, alerts: parsePayload(alert, {}, context).alerts };
    } catch (error) {
      onBad(line, messageOf(error));
      continue;
    }
    yield labelled;
  }
}
