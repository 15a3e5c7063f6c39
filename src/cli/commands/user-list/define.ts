import type { CommandDefinition } from '../definition.js';
import { examples } from '../definition.js';

/** `soloops user list`. */
export const userList: CommandDefinition = {
  path: ['user', 'list'],
  define: (command) =>
    command
      .description('the web console users: role, whether disabled, when added and last signed in')
      .addHelpText('after', examples(['soloops user list', 'soloops --json user list'])),
  load: () => import('./run.js'),
};
