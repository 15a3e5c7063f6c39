import { type Command, CommanderError } from 'commander';
import { expect } from 'vitest';
import { buildProgram } from '../../src/cli/program.js';

/** Runs `soloops <words> --help` in-process and returns what it printed. */
export async function helpOf(words: readonly string[]): Promise<string> {
  const program = buildProgram(new AbortController().signal);
  let out = '';
  const capture = (command: Command): void => {
    command.configureOutput({ writeOut: (text) => (out += text), writeErr: (text) => (out += text) });
    command.commands.forEach(capture);
  };
  capture(program);
  const parsed = program.parseAsync(['node', 'soloops', ...words, '--help']);
  await expect(parsed).rejects.toSatisfy((e) => e instanceof CommanderError && e.exitCode === 0);
  return out;
}
