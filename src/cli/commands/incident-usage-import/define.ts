import type { CommandDefinition } from '../definition.js';

/** `soloops incident usage import`. */
export const incidentUsageImport: CommandDefinition = {
  path: ['incident', 'usage', 'import'],
  define: (command) => command.description('import access logs (stub)'),
  load: () => import('./run.js'),
};
