import { INCIDENT_PRIORITIES, INCIDENT_SEVERITIES } from '../../../core/incident.js';
import type { Prompts } from '../../output/prompt.js';

/** The fields `incident open` can ask for, as the flags give them (undefined: not given). */
export interface OpenFields {
  title?: string | undefined;
  service?: string[] | undefined;
  severity?: string | undefined;
  priority?: string | undefined;
  description?: string | undefined;
  reporter?: string | undefined;
  detection?: string | undefined;
}

/** What the questions offer: the configured services and who is typing. */
export interface AskContext {
  services: ReadonlyArray<{ id: string; name: string }>;
  person: string;
  signal: AbortSignal;
  /** Where the questions are drawn: stderr under --json, so stdout stays one JSON document. */
  output?: NodeJS.WritableStream;
}

const AUTO = 'auto';

/**
 * Asks for each field the flags left out, in the order a person reads an incident form; the
 * defaults are the ones a run without a terminal takes, so Enter all the way equals `--yes`.
 */
export async function askMissing(prompts: Prompts, given: OpenFields, ctx: AskContext): Promise<OpenFields> {
  const options = { signal: ctx.signal, ...(ctx.output && { output: ctx.output }) };
  const answers: OpenFields = { ...given };
  if (given.title === undefined)
    answers.title = await prompts.input(
      { message: 'Title (what is wrong, in a few words)', required: true, validate: (v) => v.trim() !== '' },
      options,
    );
  if (given.service === undefined) {
    answers.service =
      ctx.services.length > 0
        ? await prompts.checkbox(
            {
              message: 'Affected services (space to select, enter when done)',
              choices: ctx.services.map((s) => ({ name: s.name === s.id ? s.id : `${s.name} (${s.id})`, value: s.id })),
            },
            options,
          )
        : splitList(await prompts.input({ message: 'Affected services (comma-separated, may be empty)' }, options));
  }
  if (given.severity === undefined)
    answers.severity = await prompts.select(
      { message: 'Severity', choices: INCIDENT_SEVERITIES.map((value) => ({ value })), default: 'medium' },
      options,
    );
  if (given.priority === undefined) {
    const priority = await prompts.select(
      {
        message: 'Priority',
        choices: [
          { value: AUTO, name: 'auto (critical or 3+ services → P1, high → P2, else P3)' },
          ...INCIDENT_PRIORITIES.map((value) => ({ value })),
        ],
        default: AUTO,
      },
      options,
    );
    answers.priority = priority === AUTO ? undefined : priority;
  }
  if (given.description === undefined)
    answers.description = await prompts.input({ message: 'Description (what people see; may be empty)' }, options);
  if (given.reporter === undefined)
    answers.reporter = await prompts.input({ message: 'Reporter', default: ctx.person }, options);
  if (given.detection === undefined)
    answers.detection = await prompts.input(
      { message: 'Detected by (an alert, a rule, a customer email; may be empty)' },
      options,
    );
  return answers;
}

/** `api, checkout` → ['api', 'checkout']. */
function splitList(text: string): string[] {
  return text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}
