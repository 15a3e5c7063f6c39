import type { CommandDefinition } from '../definition.js';
import { examples } from '../definition.js';

/** `soloops triage feedback list`. */
export const triageFeedbackList: CommandDefinition = {
  path: ['triage', 'feedback', 'list'],
  define: (command) =>
    command
      .description('list the alert types you gave a verdict on: the verdict in force, when, and from which alert')
      .addHelpText(
        'after',
        examples(['soloops triage feedback list', "soloops --json triage feedback list | jq -r '.types[].type'"]),
      ),
  load: () => import('./run.js'),
};
