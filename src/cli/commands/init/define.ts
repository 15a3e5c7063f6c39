import type { CommandDefinition } from '../definition.js';
import { examples } from '../definition.js';

/** `soloops init`. */
export const init: CommandDefinition = {
  path: ['init'],
  define: (command) =>
    command
      .description('write a commented soloops.yaml (asks questions only on a TTY)')
      .option('-y, --yes', 'take the defaults without asking')
      .option('-f, --force', 'overwrite an existing file')
      .option('--path <file>', 'where to write', 'soloops.yaml')
      .addHelpText(
        'after',
        examples([
          'soloops init',
          'soloops init --yes',
          'soloops init --yes --force --path ~/.config/soloops/config.yaml',
        ]),
      ),
  load: () => import('./run.js'),
};
