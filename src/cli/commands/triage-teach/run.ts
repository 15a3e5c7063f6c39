import { teachFile } from '../../../app/triage/teach.js';
import type { CliContext } from '../../context.js';

/** `soloops triage teach FILE`. */
export async function run(context: CliContext): Promise<void> {
  const [file] = context.args as [string];
  const report = await teachFile(await context.app(), file);
  const { critical, warning, info } = report.bySeverity;
  context.reporter.result(
    report,
    `taught ${report.corrections} verdict(s) from ${report.lines} line(s) on ${report.types} type(s) ` +
      `(${critical} critical, ${warning} warning, ${info} info); ` +
      `model retrained on ${report.modelTypes} corrected type(s)`,
  );
}
