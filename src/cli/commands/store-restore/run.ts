import { restoreStore } from '../../../app/store/maintenance.js';
import type { CliContext } from '../../context.js';

/** `soloops store restore FILE`. */
export async function run(context: CliContext<Record<string, never>>): Promise<void> {
  const [file] = context.args as [string];
  const done = await restoreStore(await context.app(), String(file));
  const kept = done.previous ? `; the database it replaced is kept as ${done.previous}` : '';
  context.reporter.result(done, `restored ${file} into ${done.database}${kept}`);
}
