import type { CommandDefinition } from '../definition.js';
import { examples } from '../definition.js';

/** `soloops incident list`. */
export const incidentList: CommandDefinition = {
  path: ['incident', 'list'],
  define: (command) =>
    command
      .description('incidents, newest first')
      .option('--open', 'only those not resolved')
      .option('--since <duration>', 'only those opened in the last 30d, 12h, …')
      .option('--service <name>', 'only those affecting this service')
      .addHelpText(
        'after',
        examples([
          'soloops incident list --open',
          'soloops incident list --since 30d --service api',
          'soloops --json incident list',
        ]),
      ),
  load: () => import('./run.js'),
};
