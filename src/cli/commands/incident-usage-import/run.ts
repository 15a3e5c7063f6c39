import { importUsage } from '../../../app/incident/usage.js';
import type { CliContext } from '../../context.js';

/** `soloops incident usage import FILE --service ID`: bad lines are counted and named, not fatal. */
export async function run(context: CliContext<{ service: string }>): Promise<void> {
  const [file] = context.args as [string];
  const app = await context.app();
  const outcome = await importUsage(app, file, context.options.service);
  for (const bad of outcome.badLines) context.reporter.warn(`${file}:${bad.line}: skipped (${bad.reason})`);
  if (outcome.bad > outcome.badLines.length)
    context.reporter.warn(`… and ${outcome.bad - outcome.badLines.length} more bad line(s)`);
  context.reporter.result(
    outcome,
    `${outcome.file} (${outcome.format}) → ${outcome.service}: ${outcome.added} request(s) added, ` +
      `${outcome.duplicates} already imported, ${outcome.bad} bad line(s)`,
  );
}
