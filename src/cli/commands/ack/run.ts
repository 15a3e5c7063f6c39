import { acknowledge } from '../../../app/wake/ack.js';
import type { CliContext } from '../../context.js';

/**
 * `soloops ack X`: acknowledges an alert group, named by its number, an alert id or a unique id
 * prefix; a running daemon stops its ladder within a second. Unknown or resolved: exit 2.
 */
export async function run(context: CliContext): Promise<void> {
  const [named] = context.args as [string];
  const result = await acknowledge(await context.app(), named);
  const id = result.groupId;
  const state = result.ladder ? `; wake ladder ${result.ladder.state}` : '';
  const via = result.alertId ? ` (the group of alert ${result.alertId})` : '';
  const text = result.changed ? `acknowledged #${id}${via}${state}` : `#${id}${via} was already acknowledged${state}`;
  context.reporter.result(
    { id, alertId: result.alertId, acknowledged: true, changed: result.changed, ladder: result.ladder },
    text,
  );
}
