import { deleteIncident, showIncident } from '../../../app/incident/incidents.js';
import type { CliContext } from '../../context.js';
import { prompt } from '../../output/prompt.js';

/** `soloops incident delete ID`. */
export async function run(context: CliContext<{ yes?: boolean }>): Promise<void> {
  const [id] = context.args as [string];
  const app = await context.app();
  if (!context.options.yes) {
    const refusal = { message: 'deleting an incident needs a confirmation', hint: 'pass --yes to delete it' };
    const { incident } = await showIncident(app, id);
    const sure = await prompt(context, refusal, (prompts, signal) =>
      prompts.confirm(
        { message: `Delete ${incident.id} "${incident.title}" and its timeline?`, default: false },
        { signal },
      ),
    );
    if (!sure) {
      context.reporter.result({ id: incident.id, title: incident.title, deleted: false }, `kept ${incident.id}`);
      return;
    }
  }
  const deleted = await deleteIncident(app, id);
  context.reporter.result({ ...deleted, deleted: true }, `deleted ${deleted.id}: ${deleted.title}`);
}
