import type { CommandDefinition } from '../definition.js';
import { examples } from '../definition.js';

/** `soloops watch status`. */
export const watchStatus: CommandDefinition = {
  path: ['watch', 'status'],
  define: (command) =>
    command
      .description('open alert groups, the last result of every check, and whether the daemon answers')
      .option('--port <port>', "the daemon's port (default: the running daemon's, from the data folder)")
      .addHelpText(
        'after',
        examples([
          'soloops watch status',
          'soloops watch status --port 9200          # a daemon started with --port 9200 elsewhere',
          'soloops --json watch status',
        ]),
      ),
  load: () => import('./run.js'),
};
