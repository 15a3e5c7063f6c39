import type { CommandDefinition } from '../definition.js';
import { examples } from '../definition.js';

/** `soloops triage teach FILE`. */
export const triageTeach: CommandDefinition = {
  path: ['triage', 'teach'],
  define: (command) =>
    command
      .description(
        'record every line of labelled NDJSON ({"expected": "critical", "alert": …}, as triage eval reads) as your ' +
          'verdict on that type of alert, then retrain once; a malformed line stores nothing (exit 1)',
      )
      .argument('<file>', "labelled NDJSON file: last month's pages from another tool, a team's conventions")
      .addHelpText(
        'after',
        examples([
          'soloops triage teach history.ndjson',
          'soloops --json triage teach conventions.ndjson',
          'soloops triage teach last-month-pages.ndjson && soloops triage feedback list',
        ]),
      ),
  load: () => import('./run.js'),
};
