import { Option } from 'commander';
import { severities } from '../../../core/alert.js';
import type { CommandDefinition } from '../definition.js';
import { examples } from '../definition.js';

/** `soloops triage feedback ID correct|wrong`. */
export const triageFeedback: CommandDefinition = {
  path: ['triage', 'feedback'],
  define: (command) =>
    command
      .description(
        'record your verdict on a triaged alert: it holds for every later alert of its type, and the model ' +
          'learns from it at once (see `triage feedback list` and `forget`)',
      )
      .argument('<id>', 'alert id (or a unique prefix of at least 8 characters)')
      .argument('<verdict>', 'correct or wrong')
      .addOption(
        new Option('--severity <severity>', 'the right severity (required with wrong)').choices([...severities]),
      )
      .addHelpText(
        'after',
        examples([
          'soloops triage feedback 1a2b3c4d correct',
          'soloops triage feedback 1a2b3c4d wrong --severity info',
          'soloops triage feedback list',
        ]),
      ),
  load: () => import('./run.js'),
};
