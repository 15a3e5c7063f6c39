import type { CommandDefinition } from '../definition.js';
import { examples } from '../definition.js';

/** `soloops user enable NAME`. */
export const userEnable: CommandDefinition = {
  path: ['user', 'enable'],
  define: (command) =>
    command
      .description('let a disabled user sign in again, with their password and role as before')
      .argument('<name>', 'the user')
      .addHelpText('after', examples(['soloops user enable bo', 'soloops --json user enable bo'])),
  load: () => import('./run.js'),
};
