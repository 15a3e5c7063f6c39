import type { CliContext } from '../../context.js';

/** `soloops status build`. */
export async function run(context: CliContext<Record<string, never>>): Promise<void> {
  context.reporter.result({}, 'not built yet');
}
