import { enableUser } from '../../../app/user/users.js';
import type { CliContext } from '../../context.js';

/** `soloops user enable NAME`: `--json` prints `{user, changed}`. */
export async function run(context: CliContext<Record<string, never>>): Promise<void> {
  const [name] = context.args as [string];
  const result = await enableUser(await context.app(), name);
  const { user } = result;
  context.reporter.result(result, result.changed ? `enabled ${user.name}` : `${user.name} was already enabled`);
}
