import type { CommandDefinition } from '../definition.js';
import { examples } from '../definition.js';

/** `soloops store backup`. */
export const storeBackup: CommandDefinition = {
  path: ['store', 'backup'],
  define: (command) =>
    command
      .description('copy the SQLite database to FILE, safely while soloops watch runs (PostgreSQL: use pg_dump)')
      .argument('<file>', 'where to write the copy (replaced if it exists)')
      .addHelpText(
        'after',
        examples([
          'soloops store backup soloops-backup.db',
          'soloops store backup /var/backups/soloops-$(date +%F).db   # from cron, while watch runs',
          'soloops --json store backup /tmp/soloops.db',
        ]),
      ),
  load: () => import('./run.js'),
};
