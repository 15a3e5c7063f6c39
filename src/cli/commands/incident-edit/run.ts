import { type EditRequest, editIncident } from '../../../app/incident/incidents.js';
import { priorityLabel } from '../../../app/incident/view.js';
import type { CliContext } from '../../context.js';

/** `soloops incident edit ID …`. */
export async function run(context: CliContext<Omit<EditRequest, 'services'> & { service?: string[] }>): Promise<void> {
  const [id] = context.args as [string];
  const { service, ...rest } = context.options;
  const incident = await editIncident(await context.app(), id, { ...rest, services: service });
  context.reporter.result(
    incident,
    `edited ${incident.id} (${priorityLabel(incident)}, ${incident.severity}): ${incident.title}`,
  );
}
