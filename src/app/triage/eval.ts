import readline from 'node:readline';
import { severities, type Severity } from '../../core/alert.js';
import { messageOf } from '../../core/errors.js';
import { newParseContext, parsePayload } from '../../sources/index.js';
import { classifyLocally } from '../../triage/classify.js';
import { compileRules } from '../../triage/rules.js';
import { scoreVerdicts, type Score } from '../../triage/score.js';
import type { AppContext } from '../context.js';
import { openInputFile } from '../../sources/input/payload-reader.js';
import { readActiveModel } from './model.js';

/** The score plus the lines that could not be used. */
export interface EvalReport extends Score {
  skipped: Array<{ line: number; reason: string }>;
}

/**
 * Scores the offline classifier (the person's rules + the active model; the LLM is left out so
 * the figure is reproducible) on labelled NDJSON: `{"expected": "...", "alert": payload|text}`.
 * A payload holding several alerts (an Alertmanager group) counts each against the same label.
 */
export async function evaluateFile(app: AppContext, file: string): Promise<EvalReport> {
  const input = openInputFile(file, 'pass a labelled NDJSON file');
  const rules = compileRules(app.config.triage.rules);
  const model = await readActiveModel(app);
  const pairs: Array<{ expected: Severity; predicted: Severity }> = [];
  const skipped: EvalReport['skipped'] = [];
  let line = 0;
  for await (const text of readline.createInterface({ input, crlfDelay: Infinity })) {
    line++;
    if (!text.trim()) continue;
    try {
      const { expected, alert } = JSON.parse(text) as { expected?: unknown; alert?: unknown };
      if (!severities.includes(expected as Severity)) throw new Error('"expected" must be critical, warning or info');
      if (alert === undefined) throw new Error('"alert" is missing');
      const { alerts } = parsePayload(alert, {}, newParseContext());
      for (const a of alerts)
        pairs.push({ expected: expected as Severity, predicted: classifyLocally(a, rules, model).severity });
    } catch (error) {
      skipped.push({ line, reason: messageOf(error) });
    }
  }
  return { ...scoreVerdicts(pairs), skipped };
}
