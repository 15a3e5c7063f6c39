import type { Severity } from '../../core/alert.js';
import { severityRank } from '../../core/alert.js';
import type { Digest, DigestCheck, DigestGroup } from '../../core/digest.js';
import { WOULD_HAVE_WOKEN_YOU } from '../../core/wake-outcome.js';

// Building an Intl.DateTimeFormat costs far more than using one, and a digest formats hundreds of times.
const formats = new Map<string, Intl.DateTimeFormat>();
const styles = {
  clock: { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' },
  seconds: { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' },
  day: { day: 'numeric', month: 'short' },
} satisfies Record<string, Intl.DateTimeFormatOptions>;

function formatIn(at: Date, timeZone: string, style: keyof typeof styles): string {
  const key = `${style} ${timeZone}`;
  let format = formats.get(key);
  if (!format) {
    // en-GB: 24-hour "03:12" and "23 Nov", whatever the machine's locale.
    format = new Intl.DateTimeFormat('en-GB', { timeZone, ...styles[style] });
    formats.set(key, format);
  }
  return format.format(at);
}

/** "03:12": the wall-clock time in the digest window's zone (24 h), never the machine's zone. */
export function clock(at: Date, timeZone: string): string {
  return formatIn(at, timeZone, 'clock');
}

/** "23 Nov 03:12:07 Asia/Seoul": an alert's full receive time, for its detail view. */
export function dateTime(at: Date, timeZone: string): string {
  return `${formatIn(at, timeZone, 'day')} ${formatIn(at, timeZone, 'seconds')} ${timeZone}`;
}

/** "03:12" inside the window, "21 Nov 21:00" for an earlier day (a group still open from before). */
export function since(at: Date, window: { from: Date; timezone: string }): string {
  if (at >= window.from) return clock(at, window.timezone);
  return `${formatIn(at, window.timezone, 'day')} ${clock(at, window.timezone)}`;
}

/** "03:08–03:40", or one time when first and last fall in the same minute. */
export function timeRange(from: Date, to: Date, timeZone: string): string {
  const first = clock(from, timeZone);
  const last = clock(to, timeZone);
  return first === last ? first : `${first}–${last}`;
}

/** "1 alert", "3 alerts". */
export function plural(count: number, word: string, many = `${word}s`): string {
  return `${count} ${count === 1 ? word : many}`;
}

/** "#12": the form `soloops digest show 12` and `soloops ack 12` users copy from. */
export function groupRef(groupId: number): string {
  return `#${groupId}`;
}

/** What to paste into `soloops digest show`: "#12", or an alert id prefix for a type without a watch group. */
export function refOf(group: Pick<DigestGroup, 'groupId' | 'ref'>): string {
  // Digests stored before `ref` existed always had a group.
  return group.ref ?? groupRef(group.groupId ?? 0);
}

/** The words for a wake that found no channel: nobody was called (core/wake-outcome.ts, as `watch status` says). */
export { WOULD_HAVE_WOKEN_YOU } from '../../core/wake-outcome.js';

/** "CRITICAL", "WARNING", "INFO". */
export function severityLabel(severity: Severity): string {
  return severity.toUpperCase();
}

/** "resolved after 32 min" or "still firing". */
export function resolution(group: DigestGroup): string {
  if (!group.resolvedAt) return 'still firing';
  // Older stored digests may lack the duration; the timestamps still give it.
  const minutes = group.durationMinutes ?? (group.resolvedAt.getTime() - group.firstSeen.getTime()) / 60_000;
  return `resolved after ${Math.max(0, Math.round(minutes))} min`;
}

/**
 * "12 alerts · 1 woke you · 3 waited · this month: 4 calls, 2 SMS, $0.1234"; a wake no channel
 * carried, or that failed on every channel, is counted apart, never as "woke you".
 */
export function totalsLine(digest: Digest): string {
  const { totals } = digest;
  const parts = [plural(totals.alerts, 'alert'), `${totals.woke} woke you`];
  if (totals.wouldHaveWoken) parts.push(`${totals.wouldHaveWoken} ${WOULD_HAVE_WOKEN_YOU}`);
  if (totals.wakeFailed) parts.push(`${totals.wakeFailed} tried to wake you and failed`);
  return [...parts, `${totals.waited} waited`, spendLine(digest)].join(' · ');
}

/** The summary of a window in which nothing fired and nothing is still firing. */
export const QUIET_NIGHT = 'Quiet night: nothing fired.';

/**
 * The summary line of a window without alerts, or null when some fired. Groups still firing from an
 * earlier window are listed below it, so it says so rather than "Quiet night".
 */
export function quietLine(digest: Digest): string | null {
  if (digest.totals.alerts > 0) return null;
  const open = digest.stillFiring.length;
  if (open === 0) return QUIET_NIGHT;
  const verb = open === 1 ? 'is' : 'are';
  return `Nothing new fired in this window; ${plural(open, 'alert group')} from before ${verb} still firing.`;
}

/** "this month: 4 calls, 2 SMS, $0.1234" (Twilio bills fractions of a cent, so four decimals). */
export function spendLine(digest: Digest): string {
  const { spend } = digest;
  return `this month: ${plural(spend.calls, 'call')}, ${spend.sms} SMS, $${spend.costUsd.toFixed(4)}`;
}

/**
 * The ladder's facts: ["woke you 03:10", "2 calls, 1 SMS", "acknowledged 03:12 by call"]; with no
 * channel configured, ["would have woken you (no channel configured) 03:10", …] and no call count.
 */
export function wokeFacts(group: DigestGroup, timeZone: string): string[] {
  const { woke } = group;
  if (!woke) return [];
  let acked = 'not acknowledged';
  if (woke.ackedAt)
    acked = `acknowledged ${clock(woke.ackedAt, timeZone)}${woke.ackedVia ? ` by ${woke.ackedVia}` : ''}`;
  const at = clock(woke.at, timeZone);
  const sent = `${plural(woke.calls, 'call')}, ${woke.sms} SMS`;
  if (woke.outcome === 'no-channel') return [`${WOULD_HAVE_WOKEN_YOU} ${at}`, acked];
  if (woke.outcome === 'not-reached') return [`tried to wake you ${at}`, 'every attempt failed', sent, acked];
  return [`woke you ${at}`, sent, acked];
}

/** The short mark of a type that rang the ladder, for one-line lists: "WOKE YOU", "WOULD HAVE WOKEN YOU"… */
export function wokeMark(group: DigestGroup): string {
  if (!group.woke) return '';
  // Short: the totals line above the list and the type's own screen say why (no channel configured).
  if (group.woke.outcome === 'no-channel') return 'WOULD HAVE WOKEN YOU';
  if (group.woke.outcome === 'not-reached') return 'COULD NOT WAKE YOU';
  return 'WOKE YOU';
}

/** A group's facts: ["5 alerts", "03:08–03:40", "resolved after 32 min"]. */
export function groupFacts(group: DigestGroup, timeZone: string): string[] {
  return [plural(group.count, 'alert'), timeRange(group.firstSeen, group.lastSeen, timeZone), resolution(group)];
}

/** A check's facts: ["99.95% up", "2 min down", "slowest 1840 ms at 03:12, 1200 ms at 02:40"]. */
export function checkFacts(check: DigestCheck, timeZone: string): string[] {
  if (check.probes === 0) return ['no probes in this window'];
  // Two decimals tell 99.95 from 99.5 without printing float noise like 99.94999999.
  const facts = [`${Number(check.uptimePct.toFixed(2))}% up`, `${plural(check.downMinutes, 'min', 'min')} down`];
  const slowest = check.slowest.slice(0, 3).map((s) => `${s.ms} ms at ${clock(s.at, timeZone)}`);
  if (slowest.length > 0) facts.push(`slowest ${slowest.join(', ')}`);
  return facts;
}

/** Groups whose ladder went as `outcome` ("woke" for digests stored before outcomes), in service order. */
export function wokenGroups(
  digest: Digest,
  outcome: NonNullable<DigestGroup['woke']>['outcome'] = 'woke',
): Array<{ service: string; group: DigestGroup }> {
  const went = (g: DigestGroup) => g.woke !== null && (g.woke.outcome ?? 'woke') === outcome;
  return digest.services.flatMap((s) => s.groups.filter(went).map((group) => ({ service: s.service, group })));
}

/** Still-firing groups, critical first; the sort is stable so the store's order breaks ties. */
export function stillFiringSorted(digest: Digest): DigestGroup[] {
  return [...digest.stillFiring].sort((a, b) => severityRank(b.severity) - severityRank(a.severity));
}

/** The service a group belongs to, for lists (still firing) whose groups do not carry it. */
export function serviceOf(digest: Digest, group: Pick<DigestGroup, 'groupId' | 'ref'>): string | null {
  const ref = refOf(group);
  return digest.services.find((s) => s.groups.some((g) => refOf(g) === ref))?.service ?? null;
}

/** Alert text on one line: senders put newlines and tabs in titles. */
export function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/**
 * Cuts to at most `max` UTF-16 units (the unit Slack and Discord count), marking the cut with "…";
 * it cuts between code points so an emoji is never split in half.
 */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  let out = '';
  for (const char of text) {
    if (out.length + char.length > max - 1) break;
    out += char;
  }
  return `${out}…`;
}

/**
 * Joins lines until `max` characters, then ends with "… and N more" so a chat message never
 * silently drops items. A single line longer than the room left is truncated, not dropped.
 */
export function fitLines(lines: string[], max: number, noun = 'more'): string {
  const out: string[] = [];
  let used = 0;
  for (const [index, line] of lines.entries()) {
    const left = lines.length - index - 1;
    // Room for the line's newline and, unless it is the last line, for the "… and N more" tail.
    const tail = left > 0 ? `\n… and ${left} ${noun}`.length + 2 : 0;
    const room = max - used - (out.length > 0 ? 1 : 0) - tail;
    if (line.length > room) {
      if (out.length === 0 && room > 20) out.push(truncate(line, room));
      const dropped = lines.length - out.length;
      if (dropped > 0) out.push(`… and ${dropped} ${noun}`);
      break;
    }
    out.push(line);
    used += line.length + (out.length > 1 ? 1 : 0);
  }
  return out.join('\n');
}

/** Backslash-escapes Markdown syntax (CommonMark and Discord) in untrusted alert text. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_~|[\]<>#]/g, (c) => `\\${c}`);
}
