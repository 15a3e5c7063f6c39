import type { CommandDefinition } from '../definition.js';

/** `soloops status`. */
export const status: CommandDefinition = {
  path: ['status'],
  define: (command) => command.description('the status page (stub)'),
  load: () => import('./run.js'),
};
