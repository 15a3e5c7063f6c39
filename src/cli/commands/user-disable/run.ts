import { disableUser } from '../../../app/user/users.js';
import type { CliContext } from '../../context.js';

/** `soloops user disable NAME`: `--json` prints `{user, changed}`. */
export async function run(context: CliContext<Record<string, never>>): Promise<void> {
  const [name] = context.args as [string];
  const result = await disableUser(await context.app(), name);
  const { user } = result;
  context.reporter.result(
    result,
    result.changed ? `disabled ${user.name}; their sessions have ended` : `${user.name} was already disabled`,
  );
}
