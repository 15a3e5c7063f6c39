import { updateIncident } from '../../../app/incident/incidents.js';
import type { CliContext } from '../../context.js';

/** `soloops incident update ID --status S --note TEXT`. */
export async function run(context: CliContext<{ status?: string; note?: string }>): Promise<void> {
  const [id] = context.args as [string];
  const incident = await updateIncident(await context.app(), { id, ...context.options });
  const resolved = incident.resolution ? ` after ${incident.resolution}` : '';
  context.reporter.result(incident, `${incident.id} is now ${incident.status}${resolved}`);
}
