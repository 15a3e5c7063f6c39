import type { CommandDefinition } from '../definition.js';
import { examples } from '../definition.js';

/** `soloops architect prices refresh`. */
export const architectPrices: CommandDefinition = {
  path: ['architect', 'prices'],
  define: (command) =>
    command
      .description('refresh the AWS price table from the AWS Price List API (needs AWS credentials)')
      .argument('<action>', 'refresh')
      .option('--regions <list>', 'comma-separated regions (default: every region of the price table)')
      .option(
        '--out <file>',
        'where to write (default: $SOLOOPS_HOME/aws-prices.json, which `soloops architect` then prefers)',
      )
      .addHelpText(
        'after',
        examples([
          'soloops architect prices refresh',
          'soloops architect prices refresh --regions eu-west-1,us-east-1',
          'SOLOOPS_AWS_PRICING_ENDPOINT=http://127.0.0.1:8080 soloops architect prices refresh',
        ]),
      ),
  load: () => import('./run.js'),
};
