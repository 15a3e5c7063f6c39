import { setRole } from '../../../app/user/users.js';
import type { CliContext } from '../../context.js';

/** `soloops user set-role NAME ROLE`: `--json` prints `{user, changed}`. */
export async function run(context: CliContext<Record<string, never>>): Promise<void> {
  const [name, role] = context.args as [string, string];
  const result = await setRole(await context.app(), name, role);
  const { user, lastAdminGone, ...shown } = result;
  if (lastAdminGone)
    context.reporter.warn(
      'that was the last enabled admin: nobody can manage users in the console now ' +
        '(soloops user set-role NAME admin makes one)',
    );
  context.reporter.result(
    { user, ...shown },
    result.changed ? `${user.name} is now ${user.role}` : `${user.name} was already ${user.role}`,
  );
}
