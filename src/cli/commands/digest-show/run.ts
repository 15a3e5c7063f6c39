import { dateTime } from '../../../app/digest/render.js';
import { showGroup, type GroupDetail, type GroupRequest, type ShownAlert } from '../../../app/digest/show.js';
import { UserError } from '../../../core/errors.js';
import type { CliContext } from '../../context.js';

/** How many alerts `digest show` lists; the rest are counted. */
const SHOWN = 200;

/** "12" or "#12" is a group number; 8 or more hex digits (and dashes) an alert id or its prefix. */
function requestOf(raw: string): GroupRequest {
  const text = raw.trim().replace(/^#/, '');
  if (/^\d{1,7}$/.test(text) && Number(text) > 0) return { groupId: Number(text) };
  if (/^[0-9a-f][0-9a-f-]{7,}$/i.test(text)) return { alertId: text.toLowerCase() };
  throw new UserError(
    `"${raw}" is not an alert group number nor an alert id`,
    'the digest shows them as #12 → `soloops digest show 12`, or as an id such as 1a2b3c4d',
  );
}

/** "model: 'down' +2.1" as stored, or a reason without its layer's name: the layer is named once. */
function verdictOf({ severity, classifier, reason }: ShownAlert): string {
  const said =
    reason.startsWith(`${classifier}:`) || reason.startsWith(`${classifier} `) ? reason : `${classifier}: ${reason}`;
  return `${severity} (${said})`;
}

function header(detail: GroupDetail): string[] {
  const { group, ladder, timezone } = detail;
  const at = (d: Date) => dateTime(d, timezone);
  const resolved = group.resolvedAt ? ` (resolved ${at(group.resolvedAt)})` : '';
  const acked = ladder?.ackedAt ? `, acknowledged ${at(ladder.ackedAt)} by ${ladder.ackedVia}` : '';
  const kind = detail.grouped ? '' : ' · stored by soloops triage, grouped by the digest';
  return [
    `${detail.ref} ${group.severity.toUpperCase()} ${group.service}: ${group.title}${kind}`,
    `  ${group.alertCount} alert(s), ${at(group.firstSeen)} → ${at(group.lastSeen)}, ${group.state}${resolved}`,
    ...(ladder ? [`  wake: ${ladder.state}${acked}`] : []),
    '',
  ];
}

/** `soloops digest show ID`: one alert group in full — every alert with its labels, body and source link. */
export async function run(context: CliContext): Promise<void> {
  const [raw] = context.args as [string];
  const request = requestOf(String(raw));
  const detail = await showGroup(await context.app(), request, SHOWN);
  if (!detail)
    throw new UserError(
      'groupId' in request ? `no alert group #${request.groupId}` : `no stored alert has the id ${request.alertId}`,
      'the numbers and ids are in the digest and in `soloops watch status`',
    );
  const { group, alerts, timezone } = detail;
  const lines = header(detail);
  for (const shown of alerts) {
    const { alert, link } = shown;
    lines.push(
      `${dateTime(new Date(alert.receivedAt), timezone)}  ${alert.id.slice(0, 8)}  ${verdictOf(shown)}  ` +
        `${alert.source}  ${alert.status}`,
      `  ${alert.title}`,
    );
    const labels = Object.entries(alert.labels);
    for (const [key, value] of labels) lines.push(`  ${key}=${value}`);
    const body = alert.body ? alert.body.split('\n').slice(0, 20) : [];
    lines.push(...body.map((l) => `  | ${l}`));
    // The link once: not again when a label or the body already carries it.
    const shownAlready = labels.some(([, value]) => value === link) || body.some((l) => l.includes(link ?? '\0'));
    if (link && !shownAlready) lines.push(`  ${link}`);
    lines.push('');
  }
  if (group.alertCount > alerts.length) lines.push(`… and ${group.alertCount - alerts.length} more`);
  const example = alerts[0]?.alert.id.slice(0, 8) ?? 'ID';
  lines.push(`mark one right or wrong: soloops triage feedback ${example} correct|wrong [--severity S]`);
  context.reporter.result(detail, lines.join('\n'));
}
