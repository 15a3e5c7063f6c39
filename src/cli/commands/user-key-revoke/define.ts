import type { CommandDefinition } from '../definition.js';
import { examples } from '../definition.js';

/** `soloops user key revoke ID|PREFIX`. */
export const userKeyRevoke: CommandDefinition = {
  path: ['user', 'key', 'revoke'],
  define: (command) =>
    command
      .description('revoke an API key: requests with it are refused from now on')
      .argument('<key>', 'the id or the prefix `soloops user key list` shows')
      .addHelpText(
        'after',
        examples([
          'soloops user key revoke 3',
          'soloops user key revoke sok_Ab12Cd34',
          'soloops --json user key revoke 3',
        ]),
      ),
  load: () => import('./run.js'),
};
