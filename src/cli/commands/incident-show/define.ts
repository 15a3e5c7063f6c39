import type { CommandDefinition } from '../definition.js';
import { examples } from '../definition.js';

/** `soloops incident show ID`. */
export const incidentShow: CommandDefinition = {
  path: ['incident', 'show'],
  define: (command) =>
    command
      .description('an incident and its timeline, times in your time zone')
      .argument('<id>', 'incident id, or a unique start of it')
      .addHelpText(
        'after',
        examples(['soloops incident show inc-2026-001', 'soloops --json incident show inc-2026-00']),
      ),
  load: () => import('./run.js'),
};
