import type { CommandDefinition } from '../definition.js';
import { examples } from '../definition.js';

/** `soloops digest show ID`. */
export const digestShow: CommandDefinition = {
  path: ['digest', 'show'],
  define: (command) =>
    command
      .description('one alert group in full: every alert with its labels, body and a link to its source')
      .argument('<id>', 'the group number from the digest (#12), or an alert id (8 characters or more)')
      .addHelpText(
        'after',
        examples(['soloops digest show 12', 'soloops digest show 1a2b3c4d', 'soloops --json digest show 12']),
      ),
  load: () => import('./run.js'),
};
