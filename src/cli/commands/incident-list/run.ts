import { personTimeZone } from '../../../app/config.js';
import { listIncidents } from '../../../app/incident/incidents.js';
import { listText } from '../../../app/incident/view.js';
import type { CliContext } from '../../context.js';

/** `soloops incident list`. */
export async function run(context: CliContext<{ open?: boolean; since?: string; service?: string }>): Promise<void> {
  const app = await context.app();
  const incidents = await listIncidents(app, context.options);
  context.reporter.result({ incidents }, listText(incidents, personTimeZone(app.config)));
}
