import type { CommandDefinition } from '../definition.js';
import { examples } from '../definition.js';

/** `soloops store stats`. */
export const storeStats: CommandDefinition = {
  path: ['store', 'stats'],
  define: (command) =>
    command
      .description('row counts and on-disk sizes per table, and the database size')
      .addHelpText(
        'after',
        examples([
          'soloops store stats',
          'soloops --json store stats',
          'soloops --db postgres://soloops@db.internal/soloops store stats',
        ]),
      ),
  load: () => import('./run.js'),
};
