import { Option } from 'commander';
import type { CommandDefinition } from '../definition.js';
import { collect, examples } from '../definition.js';

/** `soloops snap`. */
export const snap: CommandDefinition = {
  path: ['snap'],
  define: (command) =>
    command
      .description('snapshot the host and its Docker containers to stdout, files or S3')
      .addOption(new Option('--format <format>', 'output format').choices(['json', 'yaml', 'csv']))
      .option('--out <dir>', 'write snap-<host>-<UTC time>.<ext> into this folder instead of stdout')
      .option('--metric <name=value>', 'add a custom metric (repeatable)', collect)
      .option('--upload <s3url>', 'upload to s3://bucket/prefix (server-side encrypted)')
      .option('--endpoint <url>', 'S3-compatible endpoint, e.g. http://127.0.0.1:9000')
      .option('--region <region>', 'S3 region (default: AWS_REGION or us-east-1)')
      .option('--keep-days <n>', 'delete local snapshots in --out older than N days; 0 keeps all (default: 30)')
      .option('--prune-remote', 'also delete S3 snapshots under the prefix older than --keep-days')
      .option('--docker-socket <path>', 'Docker Engine socket (default: DOCKER_HOST or /var/run/docker.sock)')
      .option(
        '--interval <duration>',
        'repeat every duration (e.g. 60s, 5m) until Ctrl-C; into a pipe: NDJSON, --- YAML, one-header CSV',
      )
      .option('--live', 'live view of CPU, memory, disks and containers, refreshed every second (TTY only)')
      .addHelpText(
        'after',
        examples([
          'soloops snap                                  # JSON to stdout',
          'soloops snap --format csv --metric queue_depth=42',
          'soloops snap --out ~/snaps --keep-days 14',
          'soloops snap --out ~/snaps --upload s3://my-bucket/snaps --prune-remote',
          'soloops snap --out ~/snaps --interval 60s     # without cron',
          'soloops snap --live',
        ]),
      ),
  load: () => import('./run.js'),
};
