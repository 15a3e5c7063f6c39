import type { CommandDefinition } from '../definition.js';
import { examples } from '../definition.js';

/** `soloops ack ID`. */
export const ack: CommandDefinition = {
  path: ['ack'],
  define: (command) =>
    command
      .description('acknowledge an alert group: its wake ladder stops calling')
      .argument(
        '<id>',
        'the group number (from the call, the SMS or `soloops watch status`), or an alert id or ' +
          'its first 8+ characters (as POST /v1/alerts answers): that alert’s group',
      )
      .addHelpText(
        'after',
        examples([
          'soloops ack 12',
          'soloops ack 3f9c2a1e                 # the group of the alert whose id starts with 3f9c2a1e',
          'soloops ack 3f9c2a1e-8b4d-4c1e-9a7f-0c5d2e6b1a90',
          'soloops --json ack 12',
        ]),
      ),
  load: () => import('./run.js'),
};
