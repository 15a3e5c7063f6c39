import type { Command } from 'commander';
import type { AppContext } from '../app/context.js';
import { colorEnabled, interactive } from './output/policy.js';
import { Reporter } from './output/reporter.js';

/** Global flags every command sees. */
export interface GlobalOptions {
  json?: boolean;
  config?: string;
  home?: string;
  db?: string;
  color: boolean;
  quiet?: boolean;
  verbose?: boolean;
}

/** What a command gets: its options, the reporter, the abort signal and the process facts it may use. */
export interface CliContext<Options = Record<string, unknown>> {
  args: unknown[];
  options: Options;
  globals: GlobalOptions;
  reporter: Reporter;
  signal: AbortSignal;
  env: Record<string, string | undefined>;
  cwd: string;
  /** A person is watching: stdout is a TTY and CI is unset. */
  interactive: boolean;
  /**
   * The app context (config, data folder, store) from the global flags: created on the first call,
   * the same one after. A broken config file is reported from here, so a command calls it before
   * anything it should not do with a bad config (asking questions, say).
   */
  app(): Promise<AppContext>;
  /** Resolves to a maker of new app contexts, each reading the config again: the daemon's reload (SIGHUP). */
  appFactory(): Promise<() => AppContext>;
}

/** A command's run.ts: one exported `run`. */
export interface CommandModule {
  // biome-ignore lint/suspicious/noExplicitAny: each run.ts types its own options; commander's are untyped.
  run(context: CliContext<any>): Promise<void>;
}

/** Builds the context from commander's parsed options and runs the command. */
export async function runCommand(
  module: CommandModule,
  command: Command,
  args: unknown[],
  signal: AbortSignal,
): Promise<void> {
  let root = command;
  while (root.parent) root = root.parent;
  const globals = root.opts() as GlobalOptions;
  const json = Boolean(globals.json);
  const reporter = new Reporter({
    json,
    quiet: Boolean(globals.quiet),
    verbose: Boolean(globals.verbose),
    color: colorEnabled({
      isTTY: Boolean(process.stdout.isTTY),
      env: process.env,
      noColor: globals.color === false,
      json,
    }),
  });
  const env = process.env;
  const cwd = process.cwd();
  // Imported on first use: a command that needs no config (`architect prices`) never loads it, and
  // `snap` starts its CPU sample while the config code loads.
  const appFactory = async () => {
    const { createAppContext } = await import('../app/context.js');
    return () => createAppContext({ ...globals, env, cwd });
  };
  let app: Promise<AppContext> | undefined;
  await module.run({
    args,
    options: command.opts(),
    globals,
    reporter,
    signal,
    env,
    cwd,
    interactive: interactive({ isTTY: Boolean(process.stdout.isTTY && process.stdin.isTTY), env }),
    app: () => (app ??= appFactory().then((create) => create())),
    appFactory,
  });
}
