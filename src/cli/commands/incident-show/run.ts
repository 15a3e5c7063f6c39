import { personTimeZone } from '../../../app/config.js';
import { showIncident } from '../../../app/incident/incidents.js';
import { showText } from '../../../app/incident/view.js';
import type { CliContext } from '../../context.js';

/** `soloops incident show ID`. */
export async function run(context: CliContext): Promise<void> {
  const [id] = context.args as [string];
  const app = await context.app();
  const shown = await showIncident(app, id);
  context.reporter.result(
    { ...shown.incident, timeline: shown.timeline },
    showText(shown.incident, shown.timeline, personTimeZone(app.config)),
  );
}
