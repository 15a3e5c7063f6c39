import { openIncident, personName } from '../../../app/incident/incidents.js';
import { priorityLabel } from '../../../app/incident/view.js';
import { UserError } from '../../../core/errors.js';
import type { CliContext } from '../../context.js';
import { prompt } from '../../output/prompt.js';
import { askMissing, type OpenFields } from './ask.js';

interface Options {
  service?: string[];
  severity?: string;
  priority?: string;
  description?: string;
  reporter?: string;
  detection?: string;
  yes?: boolean;
}

/** `soloops incident open [TITLE]`: on a terminal the fields not given are asked; else the defaults. */
export async function run(context: CliContext<Options>): Promise<void> {
  const [title] = context.args as [string | undefined];
  const { options, reporter } = context;
  // Config first: a broken soloops.yaml is reported before any question is asked.
  const app = await context.app();
  const { yes, ...flags } = options;
  let fields: OpenFields = { ...flags, title };
  const ask = context.interactive && !yes;
  if (ask && hasMissing(fields)) {
    const refusal = { message: 'no terminal to ask on', hint: 'pass the fields as flags, or --yes' };
    fields = await prompt(context, refusal, (prompts, signal) =>
      askMissing(prompts, fields, {
        services: app.config.services,
        person: personName(app),
        signal,
        ...(reporter.json && { output: process.stderr }),
      }),
    );
  }
  if (fields.title === undefined)
    throw new UserError(
      'an incident needs a title, and there is no terminal to ask for one',
      'for example `soloops incident open "API returns 502" --service api --severity high`',
    );
  const incident = await openIncident(app, {
    title: fields.title,
    services: fields.service,
    severity: fields.severity,
    priority: fields.priority,
    description: fields.description,
    reporter: fields.reporter,
    detection: fields.detection,
  });
  reporter.result(
    incident,
    `opened ${incident.id} (${priorityLabel(incident)}, ${incident.severity}): ${incident.title}`,
  );
}

function hasMissing(fields: OpenFields): boolean {
  return Object.keys(blank).some((key) => fields[key as keyof OpenFields] === undefined);
}

/** Every askable field, so one left out of `fields` altogether counts as missing. */
const blank: Required<Record<keyof OpenFields, undefined>> = {
  title: undefined,
  service: undefined,
  severity: undefined,
  priority: undefined,
  description: undefined,
  reporter: undefined,
  detection: undefined,
};
