import type { CommandDefinition } from '../definition.js';
import { examples } from '../definition.js';

/** `soloops user key list`. */
export const userKeyList: CommandDefinition = {
  path: ['user', 'key', 'list'],
  define: (command) =>
    command
      .description('the API keys, revoked ones too: id, prefix, name, role, who made it, last used')
      .addHelpText('after', examples(['soloops user key list', 'soloops --json user key list'])),
  load: () => import('./run.js'),
};
