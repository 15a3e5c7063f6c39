import type { CommandDefinition } from '../definition.js';
import { examples } from '../definition.js';

/** `soloops incident postmortem ID`. */
export const incidentPostmortem: CommandDefinition = {
  path: ['incident', 'postmortem'],
  define: (command) =>
    command
      .description(
        'a blameless postmortem in Markdown from the incident: fields, timeline, SLA effect (stdout by default)',
      )
      .argument('<id>', 'incident id, or a unique start of it')
      .option(
        '--template <file>',
        'a Markdown template with {{placeholders}} (default: the built-in one, the POSTMORTEM.md architect writes)',
      )
      .option('--out <file>', 'write it to this file instead of stdout')
      .option('--force', 'overwrite the --out file when it exists')
      .addHelpText(
        'after',
        [
          '\nPlaceholders: {{id}} {{title}} {{status}} {{severity}} {{priority}} {{service}} {{services}}',
          '  {{description}} {{reporter}} {{detection}} {{opened}} {{resolved}} {{duration}} {{timezone}}',
          '  {{timeline}} {{sla_effect}} {{generated}}. Times are in your time zone. Any other {{name}} is left',
          '  as written, with a warning on stderr.',
          examples([
            'soloops incident postmortem inc-2026-001',
            'soloops incident postmortem inc-2026-001 --out postmortems/inc-2026-001.md',
            'soloops incident postmortem inc-2026-001 --template infra/POSTMORTEM.md --out pm.md --force',
            'soloops --json incident postmortem inc-2026-00',
          ]),
        ].join('\n'),
      ),
  load: () => import('./run.js'),
};
