import type { CommandDefinition } from '../definition.js';
import { examples } from '../definition.js';

/** `soloops user add NAME --role ROLE`. */
export const userAdd: CommandDefinition = {
  path: ['user', 'add'],
  define: (command) =>
    command
      .description(
        'add a web console user. On a terminal it asks for the password twice; otherwise (or with ' +
          '--generate) it generates one and prints it once on stdout',
      )
      .argument('<name>', '1–64 letters, digits, . _ - or @')
      .requiredOption('--role <role>', 'viewer (reads), reporter (also edits incidents, alert feedback) or admin')
      .option('--generate', 'generate a strong password and print it once, even on a terminal')
      .option('--password-stdin', 'read the password from stdin (for scripts; at least 12 characters)')
      .addHelpText(
        'after',
        examples([
          'soloops user add ana --role admin',
          'soloops user add bo --role viewer --generate',
          'printf %s "$PASSWORD" | soloops user add ci-bot --role reporter --password-stdin',
          'soloops --json user add bo --role viewer --generate',
        ]),
      ),
  load: () => import('./run.js'),
};
