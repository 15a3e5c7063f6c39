import type { CommandDefinition } from '../definition.js';
import { examples } from '../definition.js';

/** `soloops incident delete ID`. */
export const incidentDelete: CommandDefinition = {
  path: ['incident', 'delete'],
  define: (command) =>
    command
      .description('delete an incident and its timeline (asks first on a terminal)')
      .argument('<id>', 'incident id, or a unique start of it')
      .option('-y, --yes', 'do not ask (needed without a terminal)')
      .addHelpText(
        'after',
        examples(['soloops incident delete inc-2026-001', 'soloops --json incident delete inc-2026-001 --yes']),
      ),
  load: () => import('./run.js'),
};
