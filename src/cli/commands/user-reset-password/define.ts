import type { CommandDefinition } from '../definition.js';
import { examples } from '../definition.js';

/** `soloops user reset-password NAME`. */
export const userResetPassword: CommandDefinition = {
  path: ['user', 'reset-password'],
  define: (command) =>
    command
      .description(
        "set a new password and end the user's sessions. On a terminal it asks twice; otherwise (or with " +
          '--generate) it generates one and prints it once on stdout',
      )
      .argument('<name>', 'the user')
      .option('--generate', 'generate a strong password and print it once, even on a terminal')
      .option('--password-stdin', 'read the password from stdin (for scripts; at least 12 characters)')
      .addHelpText(
        'after',
        examples([
          'soloops user reset-password bo',
          'soloops user reset-password bo --generate',
          'printf %s "$PASSWORD" | soloops user reset-password bo --password-stdin',
        ]),
      ),
  load: () => import('./run.js'),
};
