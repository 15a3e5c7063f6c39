import type { CommandDefinition } from '../definition.js';
import { examples } from '../definition.js';

/** `soloops user key create --name NAME --role ROLE`. */
export const userKeyCreate: CommandDefinition = {
  path: ['user', 'key', 'create'],
  define: (command) =>
    command
      .description('create an API key and print it once on stdout (soloops keeps only its hash)')
      .requiredOption('--name <name>', 'what the key is for: ci, deploy-bot, … (1–64 letters, digits, . _ - @)')
      .requiredOption('--role <role>', 'viewer, reporter or admin')
      .addHelpText(
        'after',
        examples([
          'soloops user key create --name ci --role reporter',
          'KEY=$(soloops user key create --name deploy --role reporter)',
          'soloops --json user key create --name grafana --role viewer',
        ]),
      ),
  load: () => import('./run.js'),
};
