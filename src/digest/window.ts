import { DateTime } from 'luxon';

/** The span a digest covers, in the person's zone, with a label for its header. */
export interface DigestWindow {
  from: Date;
  to: Date;
  timezone: string;
  label: string;
  /**
   * A night's scheduled end, when `to` cuts it at now because it is still going. The digest is
   * sent once per (from, end): a second run later the same night is the same digest.
   */
  end?: Date;
}

const fmt = (d: DateTime) => d.toFormat('HH:mm');

function label(from: DateTime, to: DateTime, zone: string): string {
  const day = (d: DateTime) => d.toFormat('ccc d LLL');
  if (to.hasSame(from, 'day')) return `${day(from)}, ${fmt(from)}–${fmt(to)} ${zone}`;
  // A night: "Sun 22 Nov, 23:00–08:00 (Mon 23 Nov)". A day or more ("--since 24h") names both
  // ends in full, or it would read 13:41–13:41.
  if (to.diff(from, 'hours').hours < 24) return `${day(from)}, ${fmt(from)}–${fmt(to)} (${day(to)}) ${zone}`;
  return `${day(from)} ${fmt(from)} – ${day(to)} ${fmt(to)} ${zone}`;
}

/** A fixed span (`--from/--to`, `--since`). */
export function fixedWindow(from: Date, to: Date, zone: string): DigestWindow {
  return {
    from,
    to,
    timezone: zone,
    label: label(DateTime.fromJSDate(from, { zone }), DateTime.fromJSDate(to, { zone }), zone),
  };
}

/**
 * The most recent night "HH:MM–HH:MM" on the person's wall clock that has begun by `now`, cut
 * at `now` while it is still going: at 08:05 that is last night 23:00–08:00; at 03:00, 23:00–03:00.
 * Time zone and DST arithmetic are luxon's.
 */
export function nightWindow(span: { start: string; end: string }, zone: string, now: Date): DigestWindow {
  const local = DateTime.fromJSDate(now, { zone });
  const at = (day: DateTime, clock: string) =>
    day.set({ hour: Number(clock.slice(0, 2)), minute: Number(clock.slice(3, 5)), second: 0, millisecond: 0 });
  let start = at(local, span.start);
  if (start > local) start = start.minus({ days: 1 });
  let end = at(start, span.end);
  if (end <= start) end = end.plus({ days: 1 });
  // Before today's start time but after last night's end: the last whole night.
  const cut = DateTime.min(end, local);
  return { ...fixedWindow(start.toJSDate(), cut.toJSDate(), zone), end: end.toJSDate() };
}
