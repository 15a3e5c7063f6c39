import { openIncident } from '../../../app/incident/incidents.js';
import { priorityLabel } from '../../../app/incident/view.js';
import type { CliContext } from '../../context.js';

interface Options {
  service?: string[];
  severity?: string;
  priority?: string;
  description?: string;
  reporter?: string;
  detection?: string;
}

/** `soloops incident open TITLE`. */
export async function run(context: CliContext<Options>): Promise<void> {
  const [title] = context.args as [string];
  const { options } = context;
  const incident = await openIncident(await context.app(), {
    title,
    services: options.service,
    severity: options.severity,
    priority: options.priority,
    description: options.description,
    reporter: options.reporter,
    detection: options.detection,
  });
  context.reporter.result(
    incident,
    `opened ${incident.id} (${priorityLabel(incident)}, ${incident.severity}): ${incident.title}`,
  );
}
