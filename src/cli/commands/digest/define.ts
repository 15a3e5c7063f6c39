import { CHANNELS } from '../../../core/channel.js';
import type { CommandDefinition } from '../definition.js';
import { examples } from '../definition.js';

/**
 * The channels `--send` takes, for the help: every channel but Twilio's call and SMS. Derived from
 * CHANNELS, not taken from notify/registry.ts (whose units decide it, and which run.ts checks against):
 * `--help` must not load the channel units. notify/registry.test.ts pins the units' list to these four.
 */
const DIGEST_CHANNELS = CHANNELS.filter((channel) => channel !== 'call' && channel !== 'sms');

/** `soloops digest`: render or send the morning digest. */
export const digest: CommandDefinition = {
  path: ['digest'],
  define: (command) =>
    command
      .description('the morning digest: the night in one screen, grouped and summarized; render it or send it')
      .option('--since <duration>', 'the last 9h, 24h…')
      .option(
        '--window <span>',
        'last night between these clock times, e.g. 23:00-08:00 (default: digest.window or the quiet hours)',
      )
      .option('--from <time>', 'from this ISO 8601 time (with --to)')
      .option('--to <time>', 'to this ISO 8601 time (with --from)')
      .option('--format <format>', 'text (default), md, html or json')
      .option('--out <file>', 'write it to a file instead of stdout')
      .option(
        '--send [channels]',
        `send it: ${DIGEST_CHANNELS.join(', ')} (comma-separated; default digest.send); once per window`,
      )
      .option('--force', 'with --send: send again even if this window was already sent')
      .option(
        '--interactive',
        'browse it in the terminal: open a group, mark an alert right or wrong (records triage feedback)',
      )
      .addHelpText(
        'after',
        examples([
          'soloops digest                                   # last night, in the terminal',
          'soloops digest --since 24h --format md --out night.md',
          'soloops digest --interactive',
          'soloops digest --format html --out digest.html',
          'soloops digest --send email                      # once per window, however often it runs',
          '0 8 * * * soloops digest --send                  # cron, channels from digest.send',
        ]),
      ),
  load: () => import('./run.js'),
};
