import { disableUser } from '../../../app/user/users.js';
import type { CliContext } from '../../context.js';

/** `soloops user disable NAME`: `--json` prints `{user, changed}`. */
export async function run(context: CliContext<Record<string, never>>): Promise<void> {
  const [name] = context.args as [string];
  const result = await disableUser(await context.app(), name);
  const { user, lastAdminGone, ...shown } = result;
  if (lastAdminGone)
    context.reporter.warn(
      'that was the last enabled admin: nobody can manage users in the console now ' +
        '(soloops user set-role NAME admin makes one)',
    );
  context.reporter.result(
    { user, ...shown },
    result.changed ? `disabled ${user.name}; their sessions have ended` : `${user.name} was already disabled`,
  );
}
