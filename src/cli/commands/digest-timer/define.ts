import type { CommandDefinition } from '../definition.js';
import { examples } from '../definition.js';

/** `soloops digest install-timer`. */
export const digestTimer: CommandDefinition = {
  path: ['digest', 'install-timer'],
  define: (command) =>
    command
      .description('write a systemd timer that sends the digest every morning (for people without the daemon)')
      .option('--user', 'a user timer (~/.config/systemd/user) instead of a system one')
      .option('--print', 'print the units instead of writing them')
      .option('--at <time>', 'when, on your clock (default: digest.at, else 08:00)')
      .addHelpText(
        'after',
        examples(['soloops digest install-timer --print', 'soloops digest install-timer --user --at 07:30']),
      ),
  load: () => import('./run.js'),
};
