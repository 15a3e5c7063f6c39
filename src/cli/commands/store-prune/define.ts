import type { CommandDefinition } from '../definition.js';
import { examples } from '../definition.js';

/** `soloops store prune`. */
export const storePrune: CommandDefinition = {
  path: ['store', 'prune'],
  define: (command) =>
    command
      .description(
        "apply retention: (soloops.yaml) now, as the daemon does daily: roll finished days up, delete what's too old",
      )
      .option('--dry-run', 'count what would be deleted; delete and roll up nothing')
      .addHelpText(
        'after',
        examples(['soloops store prune --dry-run', 'soloops store prune', 'soloops --json store prune --dry-run']),
      ),
  load: () => import('./run.js'),
};
