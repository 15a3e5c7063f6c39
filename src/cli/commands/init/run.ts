import { defaultAnswers, renderStarterConfig, writeStarterConfig, type InitAnswers } from '../../../app/init.js';
import { hasWakeChannel, variablesOf } from '../../../app/init-wake.js';
import type { CliContext } from '../../context.js';
import { prompt, type Prompts } from '../../output/prompt.js';
import { askWake } from './ask-wake.js';

interface InitOptions {
  yes?: boolean;
  force?: boolean;
  path: string;
}

/** `soloops init`: asks on a TTY, takes defaults with --yes, refuses to guess otherwise. */
export async function run(context: CliContext<InitOptions>): Promise<void> {
  const { options, reporter } = context;
  const defaults = defaultAnswers();
  const answers = options.yes
    ? defaults
    : await prompt(
        context,
        {
          message: 'soloops init needs answers and there is no terminal to ask on',
          hint: 'pass --yes to take the defaults',
        },
        (prompts, signal) => ask(prompts, defaults, signal),
      );
  const file = writeStarterConfig(options.path, renderStarterConfig(answers), Boolean(options.force));
  reporter.result({ path: file, ...answers }, file);
  reporter.success(`wrote ${file}; ${nextStep(answers)}`);
}

/** With a wake channel, the next thing worth knowing is whether it reaches the person. */
function nextStep(answers: InitAnswers): string {
  if (!hasWakeChannel(answers.wake)) return 'edit it, then try `soloops snap`';
  const variables = variablesOf(answers.wake);
  const exports = variables.length ? `export ${variables.join(', ')}, then ` : '';
  return `${exports}try \`soloops watch test-wake\` (a real call if Twilio is set up)`;
}

async function ask(prompts: Prompts, defaults: InitAnswers, signal: AbortSignal): Promise<InitAnswers> {
  const { input } = prompts;
  const timezone = await input({ message: 'Your time zone (IANA)', default: defaults.timezone }, { signal });
  const snapOut = await input({ message: 'Folder for snapshot files (empty: stdout)', default: '' }, { signal });
  const uploadUrl = await input(
    { message: 'Upload snapshots to (s3://bucket/prefix, empty: no upload)', default: '' },
    { signal },
  );
  const wake = await askWake(prompts, signal);
  return { timezone, snapOut: snapOut || undefined, uploadUrl: uploadUrl || undefined, wake };
}
