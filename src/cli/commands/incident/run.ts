import { listIncidents } from '../../../app/incident/incidents.js';
import { listText } from '../../../app/incident/view.js';
import { personTimeZone } from '../../../app/config.js';
import type { CliContext } from '../../context.js';

/** `soloops incident`: the open incidents, as `incident list --open`. */
export async function run(context: CliContext): Promise<void> {
  const app = await context.app();
  const incidents = await listIncidents(app, { open: true });
  context.reporter.result({ incidents }, listText(incidents, personTimeZone(app.config)));
}
