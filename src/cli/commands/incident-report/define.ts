import type { CommandDefinition } from '../definition.js';

/** `soloops incident report`. */
export const incidentReport: CommandDefinition = {
  path: ['incident', 'report'],
  define: (command) => command.description('SLA report per service (stub, filled by issue 16 work)'),
  load: () => import('./run.js'),
};
