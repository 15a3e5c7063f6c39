import type { CommandDefinition } from '../definition.js';
import { examples } from '../definition.js';

/** `soloops architect [SPEC]`. */
export const architect: CommandDefinition = {
  path: ['architect'],
  define: (command) =>
    command
      .description('describe a new service → Terraform, a priced cost report and a scaling plan for AWS')
      .argument('[spec]', 'YAML or JSON file with type, usersMonth, budgetUsd, region, peakConcurrent, features, spike')
      .option('--type <type>', 'web, api, game, static or ai')
      .option('--users-month <n>', 'users per month')
      .option('--peak-concurrent <n>', 'users online at the busiest minute (default: a share of users per month)')
      .option('--budget <usd>', 'monthly budget in USD')
      .option(
        '--region <region>',
        'AWS region (us-east-1, us-west-2, eu-west-1, eu-central-1, ap-northeast-1, ap-northeast-2)',
      )
      .option('--features <list>', 'comma-separated: db, cache, realtime, uploads, queue, gpu')
      .option('--spike <factor>', 'spike to survive over the normal peak, e.g. 10x (default 10x)')
      .option('--gpu-machine-usd <usd>', 'price of your own GPU machine, for the hybrid payback (default 3000)')
      .option('--gpu-machine-watts <w>', 'its draw at the wall while inferring (default 550)')
      .option('--power-usd-per-kwh <usd>', 'your electricity price per kWh (default 0.17)')
      .option(
        '--design <name>',
        'build this design instead of the one soloops picks: static-cdn, serverless, containers, ec2-asg, ' +
          'gpu-scale-to-zero or hybrid-gpu (COST.md lists the ones that fit)',
      )
      .option('--lean', 'cheapest form of the design: single AZ, no WAF, no database standby, one cache node')
      .option('--out <dir>', 'folder to write into', 'infra')
      .option('-f, --force', 'overwrite existing files')
      .option('--dry-run', 'plan and print, write nothing')
      .option('--fail-over-budget', 'exit 3 when the plan is over budget')
      .addHelpText(
        'after',
        examples([
          'soloops architect service.yaml',
          'soloops architect --type web --users-month 50000 --budget 200 --region eu-west-1 --features db,cache',
          'soloops architect service.yaml --budget 100 --spike 20x --out infra/prod --force',
          'soloops --json architect service.yaml --dry-run',
          'soloops architect service.yaml --fail-over-budget   # exit 3 in CI when over budget',
          'soloops architect service.yaml --design serverless --lean   # the cheaper design COST.md names',
        ]),
      ),
  load: () => import('./run.js'),
};
