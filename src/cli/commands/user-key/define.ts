import type { CommandDefinition } from '../definition.js';
import { examples } from '../definition.js';

/** `soloops user key`: API keys for scripts and CI; alone, what `user key list` shows. */
export const userKey: CommandDefinition = {
  path: ['user', 'key'],
  define: (command) =>
    command
      .description('API keys for scripts and CI (Authorization: Bearer sok_…): create, list, revoke (alone: the keys)')
      .addHelpText(
        'after',
        examples([
          'soloops user key create --name ci --role reporter',
          'soloops user key list',
          'soloops user key revoke sok_Ab12Cd34',
        ]),
      ),
  load: () => import('./run.js'),
};
