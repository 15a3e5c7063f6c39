import type { CommandDefinition } from '../definition.js';
import { examples } from '../definition.js';

/** `soloops incident`: the open incidents; the subcommands manage them. */
export const incident: CommandDefinition = {
  path: ['incident'],
  define: (command) =>
    command
      .description('incident records: open, update, list, show, edit, delete (alone: the open incidents)')
      .addHelpText(
        'after',
        examples([
          'soloops incident',
          'soloops incident open "API returns 502" --service api --severity high',
          'soloops incident update inc-2026-001 --status identified --note "bad deploy, rolling back"',
          'soloops incident show inc-2026-001',
        ]),
      ),
  load: () => import('./run.js'),
};
