import type { CommandDefinition } from '../definition.js';
import { examples } from '../definition.js';

/** `soloops user`: the web console's accounts and API keys; alone, what `user list` shows. */
export const user: CommandDefinition = {
  path: ['user'],
  define: (command) =>
    command
      .description(
        'web console accounts and API keys: add, list, set-role, disable, enable, reset-password, key ' +
          '(alone: the users)',
      )
      .addHelpText(
        'after',
        examples([
          'soloops user add ana --role admin',
          'soloops user list',
          'soloops user set-role bo reporter',
          'soloops user disable bo',
          'soloops user key create --name ci --role reporter',
        ]),
      ),
  load: () => import('./run.js'),
};
