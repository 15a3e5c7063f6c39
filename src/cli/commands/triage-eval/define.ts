import type { CommandDefinition } from '../definition.js';
import { examples } from '../definition.js';

/** `soloops triage eval FILE`. */
export const triageEval: CommandDefinition = {
  path: ['triage', 'eval'],
  define: (command) =>
    command
      .description('score the classifier on labelled NDJSON: {"expected": "critical", "alert": …} per line')
      .argument('<file>', 'labelled NDJSON file')
      .addHelpText(
        'after',
        examples(['soloops triage eval labelled.ndjson', 'soloops --json triage eval labelled.ndjson']),
      ),
  load: () => import('./run.js'),
};
