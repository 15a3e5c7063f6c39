import { listAudit } from '../../../app/user/audit.js';
import type { AuditEntryJson } from '../../../core/console.js';
import type { CliContext } from '../../context.js';
import { table } from '../user-list/run.js';

const detailText = (entry: AuditEntryJson) =>
  Object.entries(entry.detail)
    .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join(' ');

/** `soloops audit`: `--json` prints `{entries}` (newest first). */
export async function run(context: CliContext<{ since?: string; limit?: string }>): Promise<void> {
  const entries = await listAudit(await context.app(), context.options);
  const text = entries.length
    ? table([
        ['at', 'actor', 'action', 'target', 'address', 'detail'],
        ...entries.map((e) => [
          `${e.at.slice(0, 19).replace('T', ' ')}Z`,
          e.actor,
          e.action,
          e.target ?? '-',
          e.address ?? '-',
          detailText(e),
        ]),
      ])
    : 'no audit entries in that time';
  context.reporter.result({ entries }, text);
}
