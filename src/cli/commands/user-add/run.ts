import { checkPassword } from '../../../app/user/rules.js';
import { addUser, checkNewUser } from '../../../app/user/users.js';
import type { CliContext } from '../../context.js';
import { choosePassword, type PasswordOptions, showGenerated } from './password.js';

/** `soloops user add NAME --role ROLE`: `--json` prints `{user, password?}` (the password only when generated). */
export async function run(context: CliContext<PasswordOptions & { role: string }>): Promise<void> {
  const [name] = context.args as [string];
  const { role } = context.options;
  const app = await context.app();
  // A bad name, role or a taken name is said before anyone types a password twice.
  await checkNewUser(app, { name, role });
  const password = await choosePassword(context, checkPassword);
  const { user, generatedPassword } = await addUser(app, { name, role, password });
  const done = `added ${user.name} (${user.role})`;
  if (generatedPassword === undefined) context.reporter.result({ user }, done);
  else {
    context.reporter.info(done);
    showGenerated(context, user.name, generatedPassword, { user, password: generatedPassword });
  }
}
