import type { CliContext } from '../../context.js';
import { run as stats } from '../store-stats/run.js';

/** `soloops store`: the same as `soloops store stats`. */
export async function run(context: CliContext<Record<string, never>>): Promise<void> {
  await stats(context);
}
