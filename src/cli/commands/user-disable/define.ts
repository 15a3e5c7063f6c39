import type { CommandDefinition } from '../definition.js';
import { examples } from '../definition.js';

/** `soloops user disable NAME`. */
export const userDisable: CommandDefinition = {
  path: ['user', 'disable'],
  define: (command) =>
    command
      .description('refuse a user\'s sign-ins and end their sessions now (undo with "user enable")')
      .argument('<name>', 'the user')
      .addHelpText('after', examples(['soloops user disable bo', 'soloops --json user disable bo'])),
  load: () => import('./run.js'),
};
