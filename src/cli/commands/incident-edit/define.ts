import type { CommandDefinition } from '../definition.js';
import { collect, examples } from '../definition.js';

/** `soloops incident edit ID …`. */
export const incidentEdit: CommandDefinition = {
  path: ['incident', 'edit'],
  define: (command) =>
    command
      .description("change an incident's fields (its status moves with `incident update`, with a note)")
      .argument('<id>', 'incident id, or a unique start of it')
      .option('--title <text>', 'new title')
      .option('--description <text>', 'new description')
      .option('--severity <level>', 'low, medium, high or critical')
      .option('--priority <p>', 'P1, P2, P3, or auto to classify it again')
      .option('--service <name>', 'the affected services, replacing the list (repeatable)', collect)
      .option('--reporter <name>', 'who reported it')
      .option('--detection <text>', 'how it was detected')
      .addHelpText(
        'after',
        examples([
          'soloops incident edit inc-2026-001 --title "Checkout returns 502"',
          'soloops incident edit inc-2026-001 --service api --service checkout --priority auto',
          'soloops --json incident edit inc-2026-001 --severity critical',
        ]),
      ),
  load: () => import('./run.js'),
};
