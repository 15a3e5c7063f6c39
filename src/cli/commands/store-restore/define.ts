import type { CommandDefinition } from '../definition.js';
import { examples } from '../definition.js';

/** `soloops store restore`. */
export const storeRestore: CommandDefinition = {
  path: ['store', 'restore'],
  define: (command) =>
    command
      .description(
        'put a backup in place of the SQLite database (watch must be stopped; the old file is kept beside it)',
      )
      .argument('<file>', 'a file `soloops store backup` wrote')
      .addHelpText(
        'after',
        examples([
          'soloops store restore /var/backups/soloops-2026-12-01.db',
          'soloops --json store restore soloops-backup.db',
        ]),
      ),
  load: () => import('./run.js'),
};
