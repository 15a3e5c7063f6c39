import type { CommandDefinition } from '../definition.js';
import { examples } from '../definition.js';

/** `soloops watch install-systemd`. */
export const watchSystemd: CommandDefinition = {
  path: ['watch', 'install-systemd'],
  define: (command) =>
    command
      .description('write a hardened systemd unit for `soloops watch` and print how to enable it')
      .option('--user', 'a user unit (~/.config/systemd/user) instead of a system one')
      .option('--print', 'print the unit to stdout instead of writing it')
      .addHelpText(
        'after',
        examples([
          'soloops watch install-systemd --print',
          'soloops watch install-systemd --user',
          'sudo soloops watch install-systemd',
        ]),
      ),
  load: () => import('./run.js'),
};
