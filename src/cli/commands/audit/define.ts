import type { CommandDefinition } from '../definition.js';
import { examples } from '../definition.js';

/** `soloops audit`. */
export const audit: CommandDefinition = {
  path: ['audit'],
  define: (command) =>
    command
      .description(
        'the audit log of the web console, the API and `soloops user`: sign-ins, incident edits, alert ' +
          'feedback, user and key changes; newest first',
      )
      .option('--since <when>', 'only entries since a duration ago (24h, 7d) or an ISO time (2026-12-01T00:00Z)')
      .option('--limit <n>', 'at most this many entries (default 100)')
      .addHelpText(
        'after',
        examples([
          'soloops audit',
          'soloops audit --since 24h',
          'soloops --json audit --since 2026-12-01 --limit 1000',
        ]),
      ),
  load: () => import('./run.js'),
};
