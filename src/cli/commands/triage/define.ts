import { Option } from 'commander';
import { severities, SOURCES } from '../../../core/alert.js';
import type { CommandDefinition } from '../definition.js';
import { examples } from '../definition.js';

/** `soloops triage [FILE]`. */
export const triage: CommandDefinition = {
  path: ['triage'],
  define: (command) =>
    command
      .description('classify alerts from FILE or stdin as critical / warning / info, one result per alert')
      .argument('[file]', 'JSON, NDJSON or plain text lines (default: stdin)')
      .addOption(
        new Option('--source <name>', 'skip detection: treat every payload as this source').choices([...SOURCES]),
      )
      .option('--no-store', 'do not store the results')
      .addOption(
        new Option('--fail-on <severity>', 'exit 3 when an alert at or above this severity was seen').choices([
          ...severities,
        ]),
      )
      .option('--explain', 'show the features that decided each verdict')
      .addHelpText(
        'after',
        examples([
          'soloops triage alerts.ndjson',
          'tail -f /var/log/syslog | soloops triage',
          'curl -s $ALERTMANAGER/api/v2/alerts | soloops --json triage --no-store',
          'soloops triage --source sentry event.json --explain',
          'soloops triage --fail-on critical ci-alerts.ndjson   # exit 3 on a critical',
        ]),
      ),
  load: () => import('./run.js'),
};
