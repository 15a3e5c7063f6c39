import { DateTime } from 'luxon';

/** The span a digest covers, in the person's zone, with a label for its header. */
export interface DigestWindow {
  from: Date;
  to: Date;
  timezone: string;
  label: string;
}

const fmt = (d: DateTime) => d.toFormat('HH:mm');

function label(from: DateTime, to: DateTime, zone: string): string {
  const nextDay = to.hasSame(from, 'day') ? '' : ` (${to.toFormat('ccc d LLL')})`;
  return `${from.toFormat('ccc d LLL')}, ${fmt(from)}–${fmt(to)}${nextDay} ${zone}`;
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
  return fixedWindow(start.toJSDate(), cut.toJSDate(), zone);
}
