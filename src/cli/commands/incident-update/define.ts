import type { CommandDefinition } from '../definition.js';
import { examples } from '../definition.js';

/** `soloops incident update ID --status S --note TEXT`. */
export const incidentUpdate: CommandDefinition = {
  path: ['incident', 'update'],
  define: (command) =>
    command
      .description(
        'move an incident on: investigating → identified → monitoring → resolved (skips allowed; ' +
          'resolved → investigating re-opens); every change needs a note',
      )
      .argument('<id>', 'incident id, or a unique start of it')
      .option('--status <status>', 'investigating, identified, monitoring or resolved')
      .option('--note <text>', 'what changed and why (required)')
      .addHelpText(
        'after',
        examples([
          'soloops incident update inc-2026-001 --status identified --note "bad deploy, rolling back"',
          'soloops incident update inc-2026-001 --status resolved --note "rollback done, errors at 0"',
          'soloops --json incident update inc-2026-001 --status investigating --note "502s are back"',
        ]),
      ),
  load: () => import('./run.js'),
};
