import type { CommandDefinition } from '../definition.js';
import { examples } from '../definition.js';

/** `soloops status`. */
export const status: CommandDefinition = {
  path: ['status'],
  define: (command) =>
    command
      .description('the status page: the overall state, each service and the active incidents')
      .addHelpText(
        'after',
        examples([
          'soloops status',
          'soloops --json status',
          'soloops status build --out public/status',
          'soloops status build --out public/status --s3 s3://my-site/status',
        ]),
      ),
  load: () => import('./run.js'),
};
