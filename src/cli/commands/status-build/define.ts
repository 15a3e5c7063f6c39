import type { CommandDefinition } from '../definition.js';
import { examples } from '../definition.js';

/** `soloops status build`. */
export const statusBuild: CommandDefinition = {
  path: ['status', 'build'],
  define: (command) =>
    command
      .description('write the status page (one self-contained index.html plus JSON) and optionally upload it to S3')
      .requiredOption('--out <dir>', 'folder for index.html, status.json and uptime/<service>.json')
      .option('--s3 <s3url>', 'also upload the files to s3://bucket/prefix')
      .option('--endpoint <url>', 'S3-compatible endpoint, e.g. http://127.0.0.1:9000')
      .addHelpText(
        'after',
        examples([
          'soloops status build --out public/status',
          'soloops status build --out public/status --s3 s3://my-site/status',
          'soloops --json status build --out /tmp/status',
        ]),
      ),
  load: () => import('./run.js'),
};
