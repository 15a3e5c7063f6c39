import { UserError } from '../../../core/errors.js';
import type { CliContext } from '../../context.js';
import { prompt } from '../../output/prompt.js';

/** The flags `user add` and `user reset-password` share. */
export interface PasswordOptions {
  generate?: boolean;
  passwordStdin?: boolean;
}

/** Reads all of stdin (for --password-stdin). */
async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * The password a person chose, or undefined to have one generated: from stdin with
 * --password-stdin, asked twice on a terminal, generated with --generate or without a terminal
 * (a script that adds a user gets a working password rather than a failure).
 */
export async function choosePassword(
  context: CliContext<PasswordOptions>,
  check: (password: string) => string,
): Promise<string | undefined> {
  const { generate, passwordStdin } = context.options;
  if (generate && passwordStdin)
    throw new UserError('--generate and --password-stdin cannot be used together', 'pass one of them');
  if (passwordStdin) {
    // One trailing newline is the shell's (`echo`), not the password's.
    const password = (await readStdin()).replace(/\r?\n$/, '');
    if (!password)
      throw new UserError('--password-stdin: stdin was empty', 'pipe the password in: printf %s "$PW" | …');
    return check(password);
  }
  if (generate || !context.interactive) return undefined;
  const refusal = { message: 'no terminal to ask for a password', hint: 'pass --generate or --password-stdin' };
  // On stderr: with --json, stdout carries the one JSON document only.
  const output = process.stderr;
  const first = await prompt(context, refusal, (prompts, signal) =>
    prompts.password(
      {
        message: 'Password (at least 12 characters; empty to generate one)',
        mask: '*',
        validate: (value) => {
          if (value === '') return true;
          try {
            check(value);
            return true;
          } catch (error) {
            return (error as Error).message;
          }
        },
      },
      { signal, output },
    ),
  );
  if (first === '') return undefined;
  const again = await prompt(context, refusal, (prompts, signal) =>
    prompts.password({ message: 'The same password again', mask: '*' }, { signal, output }),
  );
  if (again !== first) throw new UserError('the two passwords differ', 'run the command again');
  return first;
}

/** Prints a generated password once: alone on stdout (so `$(…)` captures it), the warning on stderr. */
export function showGenerated(context: CliContext<unknown>, name: string, password: string, data: unknown): void {
  context.reporter.result(data, password);
  context.reporter.warn(
    `the password for ${name} is ${context.reporter.json ? 'in the JSON on stdout' : 'printed on stdout'}; ` +
      'it will not be shown again',
  );
}
