import type { CommandDefinition } from '../definition.js';
import { examples } from '../definition.js';

/** `soloops incident usage`. */
export const incidentUsage: CommandDefinition = {
  path: ['incident', 'usage'],
  define: (command) =>
    command
      .description('usage data for SLA reports: services with imported or posted requests')
      .addHelpText(
        'after',
        examples(['soloops incident usage', 'soloops incident usage import access.log --service api']),
      ),
  load: () => import('./run.js'),
};
