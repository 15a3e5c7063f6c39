import type { CommandDefinition } from '../definition.js';
import { examples } from '../definition.js';

/** `soloops incident report`. */
export const incidentReport: CommandDefinition = {
  path: ['incident', 'report'],
  define: (command) =>
    command
      .description('SLA report per service: availability, response times, usage, incidents')
      .option('--month <YYYY-MM>', 'a calendar month in your time zone (default: the last full month)')
      .option('--from <date>', 'start day (YYYY-MM-DD, your time zone) or ISO time; with --to')
      .option('--to <date>', 'last day, included (YYYY-MM-DD), or ISO time; with --from')
      .option('--service <id>', 'one service of services: in soloops.yaml (default: all)')
      .option('--format <format>', 'md, html (self-contained), json or csv', 'md')
      .option('--out <file>', 'write the report to this file instead of stdout')
      .addHelpText(
        'after',
        examples([
          'soloops incident report --month 2026-11',
          'soloops incident report --service api --format html --out sla-2026-11.html',
          'soloops incident report --from 2026-11-01 --to 2026-11-15 --format csv',
        ]),
      ),
  load: () => import('./run.js'),
};
