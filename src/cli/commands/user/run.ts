import type { CliContext } from '../../context.js';
import { run as list } from '../user-list/run.js';

/** `soloops user`: the same as `soloops user list`. */
export async function run(context: CliContext<Record<string, never>>): Promise<void> {
  await list(context);
}
