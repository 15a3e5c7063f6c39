import { acknowledgeGroup } from '../../../app/wake/ack.js';
import { UserError } from '../../../core/errors.js';
import type { CliContext } from '../../context.js';

/** `soloops ack ID`: acknowledges an alert group; a running daemon stops its ladder within a second. */
export async function run(context: CliContext): Promise<void> {
  const [raw] = context.args as [string];
  const id = Number(raw);
  if (!Number.isInteger(id) || id <= 0)
    throw new UserError(
      `"${raw}" is not an alert group number`,
      'the number is in the call, the SMS and `soloops watch status` (#12 → soloops ack 12)',
    );
  const result = await acknowledgeGroup(await context.app(), id);
  if (!result.found) throw new UserError(`no alert group #${id}`, 'see the open groups with: soloops watch status');
  const state = result.ladder ? `; wake ladder ${result.ladder.state}` : '';
  const text = result.changed ? `acknowledged #${id}${state}` : `#${id} was already acknowledged or resolved${state}`;
  context.reporter.result({ id, acknowledged: true, changed: result.changed, ladder: result.ladder }, text);
}
