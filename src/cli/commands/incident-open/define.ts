import type { CommandDefinition } from '../definition.js';
import { collect, examples } from '../definition.js';

/** `soloops incident open [TITLE]`: on a terminal, whatever is not given is asked. */
export const incidentOpen: CommandDefinition = {
  path: ['incident', 'open'],
  define: (command) =>
    command
      .description(
        'open an incident (status investigating); on a terminal, fields not given are asked; ' +
          'the priority is classified when not given',
      )
      .argument('[title]', 'what is wrong, in a few words (asked on a terminal when left out)')
      .option('--service <name>', 'an affected service (repeatable, or comma-separated)', collect)
      .option('--severity <level>', 'low, medium, high or critical (default: medium)')
      .option('--priority <p>', 'P1, P2 or P3 (default: critical or 3+ services → P1, high → P2, else P3)')
      .option('--description <text>', 'what people see, what is known')
      .option('--reporter <name>', 'who reports it (default: $USER)')
      .option('--detection <text>', 'how it was detected (a rule, an alert, a customer email)')
      .option('-y, --yes', 'ask nothing: the fields not given take their defaults (as without a terminal)')
      .addHelpText(
        'after',
        examples([
          'soloops incident open                      # on a terminal: asks title, services, severity…',
          'soloops incident open "API returns 502" --service api --service checkout --severity high',
          'soloops incident open "Slow search" --yes  # no questions: medium, P3 (auto), reporter $USER',
          'soloops incident open "Slow dashboard" --priority P3 --detection "customer email"',
          'soloops --json incident open "DB disk full" --severity critical',
        ]),
      ),
  load: () => import('./run.js'),
};
