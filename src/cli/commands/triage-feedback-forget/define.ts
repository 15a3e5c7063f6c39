import type { CommandDefinition } from '../definition.js';
import { examples } from '../definition.js';

/** `soloops triage feedback forget TYPE|ID`. */
export const triageFeedbackForget: CommandDefinition = {
  path: ['triage', 'feedback', 'forget'],
  define: (command) =>
    command
      .description('forget your verdict on a type of alert, or the one you gave on an alert; the model unlearns it')
      .argument('<type-or-id>', 'a type exactly as `triage feedback list` shows it, or an alert id (≥ 8 characters)')
      .addHelpText(
        'after',
        examples([
          "soloops triage feedback forget 'alertmanager|payments|highlatency'",
          'soloops triage feedback forget 1a2b3c4d',
          'soloops --json triage feedback forget 1a2b3c4d',
        ]),
      ),
  load: () => import('./run.js'),
};
