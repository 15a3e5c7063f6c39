import { Command, Option } from 'commander';
import { SOURCES } from '../core/alert.js';
import type { CommandModule } from './context.js';

declare const SOLOOPS_VERSION: string;

/** Wraps a lazily imported command module so `--help` never loads it (or its SDKs). */
function lazy(load: () => Promise<CommandModule>, signal: AbortSignal) {
  return async (...args: unknown[]) => {
    const command = args[args.length - 1] as Command;
    const [{ runCommand }, module] = await Promise.all([import('./context.js'), load()]);
    await runCommand(module, command, args.slice(0, -2), signal);
  };
}

function examples(lines: string[]): string {
  return `\nExamples:\n${lines.map((line) => `  ${line}`).join('\n')}\n`;
}

/** Builds the commander program. Only working commands are registered. */
export function buildProgram(signal: AbortSignal): Command {
  const program = new Command('soloops')
    .description(
      'Run production alone and still sleep: alert triage, the watch daemon with Smart Wake, the morning digest, host snapshots and AWS architecture.',
    )
    .version(typeof SOLOOPS_VERSION === 'string' ? SOLOOPS_VERSION : '0.0.0-dev', '-V, --version')
    .option('--json', 'print results as JSON on stdout (messages stay on stderr)')
    .option('--config <file>', 'config file (default: ./soloops.yaml, then $XDG_CONFIG_HOME/soloops/config.yaml)')
    .option('--home <dir>', 'data folder (default: $SOLOOPS_HOME or ~/.local/share/soloops)')
    .option('--db <url>', 'database: postgres://… (default: SQLite in the data folder; env SOLOOPS_DB_URL)')
    .option('--no-color', 'no colour (also NO_COLOR=1 or TERM=dumb)')
    .option('-q, --quiet', 'only results and errors')
    .option('-v, --verbose', 'more detail, and stack traces on errors')
    .showHelpAfterError('(run with --help for usage)')
    // Before the commands are added, so they inherit it: main.ts maps commander's errors to exit 2.
    .exitOverride()
    .addHelpText(
      'after',
      examples([
        'soloops init',
        'tail -f /var/log/syslog | soloops triage',
        'soloops snap --format yaml',
        'soloops --json snap --out /var/lib/snaps',
      ]),
    );

  program
    .command('init')
    .description('write a commented soloops.yaml (asks questions only on a TTY)')
    .option('-y, --yes', 'take the defaults without asking')
    .option('-f, --force', 'overwrite an existing file')
    .option('--path <file>', 'where to write', 'soloops.yaml')
    .addHelpText(
      'after',
      examples([
        'soloops init',
        'soloops init --yes',
        'soloops init --yes --force --path ~/.config/soloops/config.yaml',
      ]),
    )
    .action(lazy(() => import('./commands/init.js'), signal));

  program
    .command('snap')
    .description('snapshot the host and its Docker containers to stdout, files or S3')
    .addOption(new Option('--format <format>', 'output format').choices(['json', 'yaml', 'csv']))
    .option('--out <dir>', 'write snap-<host>-<UTC time>.<ext> into this folder instead of stdout')
    .option('--metric <name=value>', 'add a custom metric (repeatable)', (value: string, all: string[] = []) => [
      ...all,
      value,
    ])
    .option('--upload <s3url>', 'upload to s3://bucket/prefix (server-side encrypted)')
    .option('--endpoint <url>', 'S3-compatible endpoint, e.g. http://127.0.0.1:9000')
    .option('--region <region>', 'S3 region (default: AWS_REGION or us-east-1)')
    .option('--keep-days <n>', 'delete local snapshots in --out older than N days; 0 keeps all (default: 30)')
    .option('--prune-remote', 'also delete S3 snapshots under the prefix older than --keep-days')
    .option('--docker-socket <path>', 'Docker Engine socket (default: DOCKER_HOST or /var/run/docker.sock)')
    .option('--interval <duration>', 'repeat every duration (e.g. 60s, 5m) in the foreground until Ctrl-C')
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
    )
    .action(lazy(() => import('./commands/snap.js'), signal));

  const triage = program
    .command('triage')
    .description('classify alerts from FILE or stdin as critical / warning / info, one result per alert')
    .argument('[file]', 'JSON, NDJSON or plain text lines (default: stdin)')
    .addOption(
      new Option('--source <name>', 'skip detection: treat every payload as this source').choices([...SOURCES]),
    )
    .option('--no-store', 'do not store the results')
    .addOption(
      new Option('--fail-on <severity>', 'exit 3 when an alert at or above this severity was seen').choices([
        'critical',
        'warning',
        'info',
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
    )
    .action(lazy(() => import('./commands/triage.js'), signal));

  triage
    .command('feedback')
    .description('record your verdict on a triaged alert; the model learns from it at once')
    .argument('<id>', 'alert id (or a unique prefix of at least 8 characters)')
    .argument('<verdict>', 'correct or wrong')
    .addOption(
      new Option('--severity <severity>', 'the right severity (required with wrong)').choices([
        'critical',
        'warning',
        'info',
      ]),
    )
    .addHelpText(
      'after',
      examples(['soloops triage feedback 1a2b3c4d correct', 'soloops triage feedback 1a2b3c4d wrong --severity info']),
    )
    .action(lazy(() => import('./commands/triage-feedback.js'), signal));

  triage
    .command('train')
    .description('retrain the local model on the shipped corpus plus all your feedback')
    .addHelpText('after', examples(['soloops triage train', 'soloops --json triage train']))
    .action(lazy(() => import('./commands/triage-train.js'), signal));

  triage
    .command('eval')
    .description('score the classifier on labelled NDJSON: {"expected": "critical", "alert": …} per line')
    .argument('<file>', 'labelled NDJSON file')
    .addHelpText(
      'after',
      examples(['soloops triage eval labelled.ndjson', 'soloops --json triage eval labelled.ndjson']),
    )
    .action(lazy(() => import('./commands/triage-eval.js'), signal));

  const watch = program
    .command('watch')
    .description('the daemon: webhooks, piped alerts and health checks → triage → groups → wake or digest')
    .option('--host <host>', 'address to listen on (default: watch.host, 127.0.0.1)')
    .option('--port <port>', 'port to listen on (default: watch.port, 9117)')
    .option('--insecure', 'allow listening beyond loopback without webhook authentication')
    .option('--once', 'run every health check once, route the results and exit (for cron)')
    .addHelpText(
      'after',
      examples([
        'soloops watch                                   # foreground; Ctrl-C stops, SIGHUP reloads',
        'journalctl -f -o short | soloops watch           # log lines in too',
        'curl -X POST --data-binary @alert.json http://127.0.0.1:9117/v1/alerts',
        'soloops watch --host 0.0.0.0 --port 9117        # needs watch.auth in soloops.yaml',
        '*/5 * * * * soloops watch --once                # checks from cron',
      ]),
    )
    .action(lazy(() => import('./commands/watch.js'), signal));

  watch
    .command('status')
    .description('open alert groups, the last result of every check, and whether the daemon answers')
    .addHelpText('after', examples(['soloops watch status', 'soloops --json watch status']))
    .action(lazy(() => import('./commands/watch-status.js'), signal));

  watch
    .command('silence')
    .description('keep matching alerts from waking you (still stored, shown in the digest)')
    .argument('<action>', 'add, list or expire')
    .argument('[id]', 'silence id (for expire)')
    .option(
      '--match <field=pattern>',
      'service=api, source=sentry, title=cron-*, labels.env=prod (repeatable; all must match)',
      (value: string, all: string[] = []) => [...all, value],
    )
    .option('--for <duration>', 'how long (add): 30m, 2h, 1d')
    .option('--comment <text>', 'why (add)')
    .addHelpText(
      'after',
      examples([
        'soloops watch silence add --match service=api --for 2h --comment "deploy"',
        'soloops watch silence list',
        'soloops watch silence expire 3',
      ]),
    )
    .action(lazy(() => import('./commands/watch-silence.js'), signal));

  watch
    .command('test-wake')
    .description(
      'run the wake ladder once through every configured channel (a real call if Twilio is set up) and print its worst-case cost',
    )
    .addHelpText('after', examples(['soloops watch test-wake', 'soloops --json watch test-wake']))
    .action(lazy(() => import('./commands/watch-test-wake.js'), signal));

  watch
    .command('install-systemd')
    .description('write a hardened systemd unit for `soloops watch` and print how to enable it')
    .option('--user', 'a user unit (~/.config/systemd/user) instead of a system one')
    .option('--print', 'print the unit to stdout instead of writing it')
    .addHelpText(
      'after',
      examples([
        'soloops watch install-systemd --print',
        'soloops watch install-systemd --user',
        'sudo soloops watch install-systemd',
      ]),
    )
    .action(lazy(() => import('./commands/watch-systemd.js'), signal));

  const digest = program
    .command('digest')
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
      'send it: email, slack, discord, ntfy (comma-separated; default digest.send); once per window',
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
    )
    .action(lazy(() => import('./commands/digest.js'), signal));

  digest
    .command('show')
    .description('one alert group in full: every alert with its labels, body and a link to its source')
    .argument('<id>', 'the group number from the digest (#12)')
    .addHelpText('after', examples(['soloops digest show 12', 'soloops --json digest show 12']))
    .action(lazy(() => import('./commands/digest-show.js'), signal));

  digest
    .command('install-timer')
    .description('write a systemd timer that sends the digest every morning (for people without the daemon)')
    .option('--user', 'a user timer (~/.config/systemd/user) instead of a system one')
    .option('--print', 'print the units instead of writing them')
    .option('--at <time>', 'when, on your clock (default: digest.at, else 08:00)')
    .addHelpText(
      'after',
      examples(['soloops digest install-timer --print', 'soloops digest install-timer --user --at 07:30']),
    )
    .action(lazy(() => import('./commands/digest-timer.js'), signal));

  program
    .command('ack')
    .description('acknowledge an alert group: its wake ladder stops calling')
    .argument('<id>', 'the group number from the call, the SMS or `soloops watch status`')
    .addHelpText('after', examples(['soloops ack 12', 'soloops --json ack 12']))
    .action(lazy(() => import('./commands/ack.js'), signal));

  const architect = program
    .command('architect')
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
      ]),
    )
    .action(lazy(() => import('./commands/architect.js'), signal));

  architect
    .command('prices')
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
    )
    .action(lazy(() => import('./commands/architect-prices.js'), signal));

  return program;
}
