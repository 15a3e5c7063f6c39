import type { Command } from 'commander';
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
}

/** A command module under ./commands: one exported `run`. */
export interface CommandModule {
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
  await module.run({
    args,
    options: command.opts(),
    globals,
    reporter,
    signal,
    env: process.env,
    cwd: process.cwd(),
    interactive: interactive({ isTTY: Boolean(process.stdout.isTTY && process.stdin.isTTY), env: process.env }),
  });
}
