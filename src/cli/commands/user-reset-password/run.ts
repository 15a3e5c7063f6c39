import { checkPassword } from '../../../app/user/rules.js';
import { findUserIn, resetPassword } from '../../../app/user/users.js';
import type { CliContext } from '../../context.js';
import { choosePassword, type PasswordOptions, showGenerated } from '../user-add/password.js';

/** `soloops user reset-password NAME`: `--json` prints `{user, sessionsEnded, password?}` (password if generated). */
export async function run(context: CliContext<PasswordOptions>): Promise<void> {
  const [name] = context.args as [string];
  const app = await context.app();
  await findUserIn(app, name);
  const password = await choosePassword(context, checkPassword);
  const { user, sessionsEnded, generatedPassword } = await resetPassword(app, name, password);
  const done = `new password for ${user.name}; ${sessionsEnded} session${sessionsEnded === 1 ? '' : 's'} ended`;
  if (generatedPassword === undefined) context.reporter.result({ user, sessionsEnded }, done);
  else {
    context.reporter.info(done);
    showGenerated(context, user.name, generatedPassword, { user, sessionsEnded, password: generatedPassword });
  }
}
