import { defaultAnswers, renderStarterConfig, writeStarterConfig, type InitAnswers } from '../../app/init.js';
import { UserError } from '../../core/errors.js';
import type { CliContext } from '../context.js';

interface InitOptions {
  yes?: boolean;
  force?: boolean;
  path: string;
}

/** `soloops init`: asks on a TTY, takes defaults with --yes, refuses to guess otherwise. */
export async function run(context: CliContext<InitOptions>): Promise<void> {
  const { options, reporter } = context;
  let answers = defaultAnswers();
  if (!options.yes) {
    if (!context.interactive) {
      throw new UserError(
        'soloops init needs answers and there is no terminal to ask on',
        'pass --yes to take the defaults',
      );
    }
    answers = await ask(answers, context.signal);
  }
  const file = writeStarterConfig(options.path, renderStarterConfig(answers), Boolean(options.force));
  reporter.result({ path: file, ...answers }, file);
  reporter.success(`wrote ${file}; edit it, then try \`soloops snap\``);
}

async function ask(defaults: InitAnswers, signal: AbortSignal): Promise<InitAnswers> {
  const { input } = await import('@inquirer/prompts');
  const timezone = await input({ message: 'Your time zone (IANA)', default: defaults.timezone }, { signal });
  const snapOut = await input({ message: 'Folder for snapshot files (empty: stdout)', default: '' }, { signal });
  const uploadUrl = await input(
    { message: 'Upload snapshots to (s3://bucket/prefix, empty: no upload)', default: '' },
    { signal },
  );
  return { timezone, snapOut: snapOut || undefined, uploadUrl: uploadUrl || undefined };
}
