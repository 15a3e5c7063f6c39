import type { CommandDefinition } from '../definition.js';
import { examples } from '../definition.js';

/** `soloops incident usage import`. */
export const incidentUsageImport: CommandDefinition = {
  path: ['incident', 'usage', 'import'],
  define: (command) =>
    command
      .description('import an access log (nginx/Apache combined, AWS ALB, JSON lines; gzip too) for SLA reports')
      .argument('<file>', 'the access log; importing it again adds nothing')
      .requiredOption('--service <id>', 'the service of services: in soloops.yaml the requests belong to')
      .addHelpText(
        'after',
        examples([
          'soloops incident usage import /var/log/nginx/access.log --service api',
          'soloops incident usage import alb-2026-11-03.log.gz --service web',
          'soloops --json incident usage import requests.jsonl --service api',
        ]),
      ),
  load: () => import('./run.js'),
};
