import type { CommandDefinition } from '../definition.js';

/** `soloops status build`. */
export const statusBuild: CommandDefinition = {
  path: ['status', 'build'],
  define: (command) => command.description('build the static status page (stub)'),
  load: () => import('./run.js'),
};
