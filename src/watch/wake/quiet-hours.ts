import { DateTime } from 'luxon';

/** Quiet hours as configured: clock times in the person's IANA time zone; the span may cross midnight. */
export interface QuietHours {
  start: string;
  end: string;
  timezone: string;
}

const minutesOf = (clock: string) => Number(clock.slice(0, 2)) * 60 + Number(clock.slice(3, 5));

/**
 * True when `at` falls in the quiet hours, read on the person's wall clock (luxon does the
 * zone and DST arithmetic: on a DST change the span is the wall-clock one, shorter or longer).
 * start = end means no quiet hours.
 */
export function inQuietHours(at: Date, quiet: QuietHours | undefined): boolean {
  if (!quiet) return false;
  const local = DateTime.fromJSDate(at, { zone: quiet.timezone });
  const now = local.hour * 60 + local.minute;
  const start = minutesOf(quiet.start);
  const end = minutesOf(quiet.end);
  if (start === end) return false;
  return start < end ? now >= start && now < end : now >= start || now < end;
}
