import { showGroup } from '../../../app/digest/show.js';
import { UserError } from '../../../core/errors.js';
import type { CliContext } from '../../context.js';

/** How many alerts `digest show` lists; the rest are counted. */
const SHOWN = 200;

/** `soloops digest show ID`: one alert group in full — every alert with its labels, body and source link. */
export async function run(context: CliContext): Promise<void> {
  const [raw] = context.args as [string];
  const id = Number(String(raw).replace(/^#/, ''));
  if (!Number.isInteger(id) || id <= 0)
    throw new UserError(
      `"${raw}" is not an alert group number`,
      'the digest shows them as #12 → soloops digest show 12',
    );
  const detail = await showGroup(await context.app(), id, SHOWN);
  if (!detail)
    throw new UserError(`no alert group #${id}`, 'the numbers are in the digest and in `soloops watch status`');
  const { group, ladder, alerts } = detail;
  const resolved = group.resolvedAt ? ` (resolved ${group.resolvedAt.toISOString()})` : '';
  const acked = ladder?.ackedAt ? `, acknowledged ${ladder.ackedAt.toISOString()} by ${ladder.ackedVia}` : '';
  const lines = [
    `#${group.id} ${group.severity.toUpperCase()} ${group.service}: ${group.title}`,
    `  ${group.alertCount} alert(s), ${group.firstSeen.toISOString()} → ${group.lastSeen.toISOString()}, ` +
      `${group.state}${resolved}`,
    ...(ladder ? [`  wake: ${ladder.state}${acked}`] : []),
    '',
  ];
  for (const { alert, severity, classifier, reason, link } of alerts) {
    lines.push(
      `${alert.receivedAt}  ${alert.id.slice(0, 8)}  ${severity} (${classifier}: ${reason})  ` +
        `${alert.source}  ${alert.status}`,
      `  ${alert.title}`,
    );
    for (const [key, value] of Object.entries(alert.labels)) lines.push(`  ${key}=${value}`);
    if (alert.body)
      lines.push(
        ...alert.body
          .split('\n')
          .slice(0, 20)
          .map((l) => `  | ${l}`),
      );
    if (link) lines.push(`  ${link}`);
    lines.push('');
  }
  if (group.alertCount > alerts.length) lines.push(`… and ${group.alertCount - alerts.length} more`);
  const example = alerts[0]?.alert.id.slice(0, 8) ?? 'ID';
  lines.push(`mark one right or wrong: soloops triage feedback ${example} correct|wrong [--severity S]`);
  context.reporter.result(detail, lines.join('\n'));
}
