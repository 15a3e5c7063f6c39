import type { CommandDefinition } from '../definition.js';
import { examples } from '../definition.js';

/** `soloops watch test-wake`. */
export const watchTestWake: CommandDefinition = {
  path: ['watch', 'test-wake'],
  define: (command) =>
    command
      .description(
        'run the wake ladder once through every configured channel (a real call if Twilio is set up)' +
          ' and print its worst-case cost',
      )
      .addHelpText('after', examples(['soloops watch test-wake', 'soloops --json watch test-wake'])),
  load: () => import('./run.js'),
};
