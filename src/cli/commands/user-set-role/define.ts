import type { CommandDefinition } from '../definition.js';
import { examples } from '../definition.js';

/** `soloops user set-role NAME ROLE`. */
export const userSetRole: CommandDefinition = {
  path: ['user', 'set-role'],
  define: (command) =>
    command
      .description("change a user's role; it applies to their next request")
      .argument('<name>', 'the user')
      .argument('<role>', 'viewer, reporter or admin')
      .addHelpText('after', examples(['soloops user set-role bo reporter', 'soloops --json user set-role bo admin'])),
  load: () => import('./run.js'),
};
