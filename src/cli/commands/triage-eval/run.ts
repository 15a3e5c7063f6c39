import { evaluateFile } from '../../../app/triage/eval.js';
import { formatScore } from '../../../app/triage/formats.js';
import type { CliContext } from '../../context.js';

/** `soloops triage eval FILE`: confusion matrix, critical recall, nights saved, accuracy. */
export async function run(context: CliContext): Promise<void> {
  const [file] = context.args as [string];
  const app = await context.app();
  const report = await evaluateFile(app, file);
  for (const { line, reason } of report.skipped) context.reporter.warn(`${file}:${line}: skipped: ${reason}`);
  context.reporter.result(report, formatScore(report));
}
