import type { CliContext } from '../../context.js';
import { run as list } from '../user-key-list/run.js';

/** `soloops user key`: the same as `soloops user key list`. */
export async function run(context: CliContext<Record<string, never>>): Promise<void> {
  await list(context);
}
