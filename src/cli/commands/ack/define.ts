import type { CommandDefinition } from '../definition.js';
import { examples } from '../definition.js';

/** `soloops ack ID`. */
export const ack: CommandDefinition = {
  path: ['ack'],
  define: (command) =>
    command
      .description('acknowledge an alert group: its wake ladder stops calling')
      .argument('<id>', 'the group number from the call, the SMS or `soloops watch status`')
      .addHelpText('after', examples(['soloops ack 12', 'soloops --json ack 12'])),
  load: () => import('./run.js'),
};
