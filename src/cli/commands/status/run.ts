import { statusSummary, summaryText } from '../../../app/incident/status.js';
import type { CliContext } from '../../context.js';

/** `soloops status`. */
export async function run(context: CliContext<Record<string, never>>): Promise<void> {
  const summary = await statusSummary(await context.app());
  context.reporter.result(summary, summaryText(summary));
}
