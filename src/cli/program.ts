import { Command } from 'commander';
import { COMMANDS } from './commands/index.js';
import { type CommandDefinition, examples } from './commands/definition.js';

declare const SOLOOPS_VERSION: string;

/** Wraps a command's run so `--help` never loads it (or its SDKs): it is imported when the command runs. */
function lazy(load: CommandDefinition['load'], signal: AbortSignal) {
  return async (...args: unknown[]) => {
    const command = args[args.length - 1] as Command;
    const [{ runCommand }, module] = await Promise.all([import('./context.js'), load()]);
    await runCommand(module, command, args.slice(0, -2), signal);
  };
}

/** Builds the commander program: the global options, then every command of the list in commands/index.ts. */
export function buildProgram(signal: AbortSignal): Command {
  const program = new Command('soloops')
    .description(
      'Run production alone and still sleep: alert triage, the watch daemon with Smart Wake, the morning digest,' +
        ' host snapshots and AWS architecture.',
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
      examples(
        [
          'soloops init',
          'tail -f /var/log/syslog | soloops triage',
          'soloops snap --format yaml',
          'soloops --json snap --out /var/lib/snaps',
        ],
        false,
      ),
    );

  const registered = new Map<string, Command>([['', program]]);
  for (const definition of COMMANDS) {
    const parent = registered.get(definition.path.slice(0, -1).join(' '));
    // The list is ours and static: a subcommand before its parent is a bug found by the first run of any test.
    if (!parent) throw new Error(`commands/index.ts: "${definition.path.join(' ')}" comes before its parent`);
    const command = parent.command(definition.path[definition.path.length - 1]!);
    definition.define(command);
    command.action(lazy(definition.load, signal));
    registered.set(definition.path.join(' '), command);
  }
  return program;
}
