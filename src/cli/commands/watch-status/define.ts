import type { CommandDefinition } from '../definition.js';
import { examples } from '../definition.js';

/** `soloops watch status`. */
export const watchStatus: CommandDefinition = {
  path: ['watch', 'status'],
  define: (command) =>
    command
      .description('open alert groups, the last result of every check, and whether the daemon answers')
      .addHelpText('after', examples(['soloops watch status', 'soloops --json watch status'])),
  load: () => import('./run.js'),
};
