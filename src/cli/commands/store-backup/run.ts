import { backupStore } from '../../../app/store/maintenance.js';
import type { CliContext } from '../../context.js';
import { size } from '../store-stats/run.js';

/** `soloops store backup FILE`. */
export async function run(context: CliContext<Record<string, never>>): Promise<void> {
  const [file] = context.args as [string];
  const done = await backupStore(await context.app(), String(file));
  context.reporter.result(done, `backed up to ${done.file} (${size(done.bytes)})`);
}
