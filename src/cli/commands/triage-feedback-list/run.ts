import { listFeedbackTypes, type FeedbackType } from '../../../app/triage/feedback-list.js';
import type { CliContext } from '../../context.js';

/** `soloops triage feedback list`: one line per type, the latest verdict first in force. */
export async function run(context: CliContext): Promise<void> {
  const types = await listFeedbackTypes(await context.app());
  context.reporter.result({ types }, types.length === 0 ? NONE : table(types));
}

const NONE =
  'no verdicts yet: give one with `soloops triage feedback ID wrong --severity S`, ' +
  'or teach many with `soloops triage teach FILE`';

function table(types: FeedbackType[]): string {
  const rows = types.map((t) => [
    t.severity,
    t.date,
    t.alertId === null ? 'taught' : `alert ${t.alertId.slice(0, 8)}`,
    String(t.corrections),
    t.type,
  ]);
  // GIVEN: how many verdicts the person gave on the type (the latest holds).
  const header = ['VERDICT', 'DATE', 'FROM', 'GIVEN', 'TYPE (source|service|name)'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => (i === cells.length - 1 ? cell : cell.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}
