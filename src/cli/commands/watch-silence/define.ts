import type { CommandDefinition } from '../definition.js';
import { collect, examples } from '../definition.js';

/** `soloops watch silence add|list|expire`. */
export const watchSilence: CommandDefinition = {
  path: ['watch', 'silence'],
  define: (command) =>
    command
      .description('keep matching alerts from waking you (still stored, shown in the digest)')
      .argument('<action>', 'add, list or expire')
      .argument('[id]', 'silence id (for expire)')
      .option(
        '--match <field=pattern>',
        'service=api, source=sentry, title=cron-*, labels.env=prod (repeatable; all must match)',
        collect,
      )
      .option('--for <duration>', 'how long (add): 30m, 2h, 1d')
      .option('--comment <text>', 'why (add)')
      .addHelpText(
        'after',
        examples([
          'soloops watch silence add --match service=api --for 2h --comment "deploy"',
          'soloops watch silence list',
          'soloops watch silence expire 3',
        ]),
      ),
  load: () => import('./run.js'),
};
