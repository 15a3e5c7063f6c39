import type { CommandDefinition } from '../definition.js';

/** `soloops incident usage`. */
export const incidentUsage: CommandDefinition = {
  path: ['incident', 'usage'],
  define: (command) => command.description('usage data for SLA reports (stub)'),
  load: () => import('./run.js'),
};
