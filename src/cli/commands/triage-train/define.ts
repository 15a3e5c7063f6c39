import type { CommandDefinition } from '../definition.js';
import { examples } from '../definition.js';

/** `soloops triage train`. */
export const triageTrain: CommandDefinition = {
  path: ['triage', 'train'],
  define: (command) =>
    command
      .description('retrain the local model on the shipped corpus plus all your feedback')
      .addHelpText('after', examples(['soloops triage train', 'soloops --json triage train'])),
  load: () => import('./run.js'),
};
