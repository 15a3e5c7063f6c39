import type { CommandDefinition } from '../definition.js';
import { examples } from '../definition.js';

/** `soloops store`: the database's housekeeping; alone, what `store stats` shows. */
export const store: CommandDefinition = {
  path: ['store'],
  define: (command) =>
    command
      .description('the database: stats, prune, backup, restore (alone: row counts and sizes)')
      .addHelpText(
        'after',
        examples([
          'soloops store',
          'soloops store prune --dry-run',
          'soloops store backup /var/backups/soloops-$(date +%F).db',
          'soloops store restore /var/backups/soloops-2026-12-01.db',
        ]),
      ),
  load: () => import('./run.js'),
};
