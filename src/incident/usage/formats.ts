import { DateTime } from 'luxon';

/** The access-log formats `incident usage import` reads (detected from the first line). */
export const USAGE_FORMATS = ['combined', 'alb', 'jsonl'] as const;
export type UsageFormat = (typeof USAGE_FORMATS)[number];

/** What one log line says about one request. */
export interface ParsedRequest {
  at: Date;
  status: number;
  ms: number | null;
}

/** A line's request, or why it is not one. */
export type LineResult = ParsedRequest | { error: string };

const ALB_TYPE = /^(?:http|https|h2|grpcs|ws|wss) \d{4}-\d{2}-\d{2}T/;
// host ident user [time] "request" status bytes, then optionally "referer" "agent" and a request time.
const COMBINED =
  /^\S+ \S+ \S+ \[([^\]]+)\] "(?:[^"\\]|\\.)*" (\d{3}) (?:\d+|-)(?: "(?:[^"\\]|\\.)*" "(?:[^"\\]|\\.)*")?(.*)$/;

/** Which format a line is in, or null when none of them. */
export function detectFormat(line: string): UsageFormat | null {
  const text = line.trimStart();
  if (text.startsWith('{')) return 'jsonl';
  if (ALB_TYPE.test(text)) return 'alb';
  if (COMBINED.test(text)) return 'combined';
  return null;
}

/** Parses one line in the format. */
export function parseLine(format: UsageFormat, line: string): LineResult {
  if (format === 'jsonl') return parseJson(line);
  if (format === 'alb') return parseAlb(line);
  return parseCombined(line);
}

/**
 * nginx/Apache combined with the request time last: a number with a decimal point is seconds
 * (nginx `$request_time`), a whole number microseconds (Apache `%D`); none leaves the time unknown.
 */
function parseCombined(line: string): LineResult {
  const m = COMBINED.exec(line.trim());
  if (!m) return { error: 'not a combined log line' };
  const at = DateTime.fromFormat(m[1]!, 'dd/MMM/yyyy:HH:mm:ss ZZZ', { locale: 'en' });
  if (!at.isValid) return { error: `unreadable time [${m[1]}]` };
  const last = m[3]!.trim().split(/\s+/).pop() ?? '';
  let ms: number | null = null;
  if (/^\d+\.\d+$/.test(last)) ms = Number(last) * 1000;
  else if (/^\d+$/.test(last)) ms = Number(last) / 1000;
  return { at: at.toJSDate(), status: Number(m[2]), ms };
}

/** Splits an ALB line on spaces, keeping "quoted fields" whole. */
function albFields(line: string): string[] {
  return line.match(/"(?:[^"\\]|\\.)*"|\S+/g) ?? [];
}

/**
 * AWS ALB access log: type time elb client target request_processing_time target_processing_time
 * response_processing_time elb_status_code …; the time is the three processing times added
 * (-1 in any of them, when the target never answered, leaves it unknown).
 */
function parseAlb(line: string): LineResult {
  const f = albFields(line.trim());
  if (f.length < 12) return { error: 'too few fields for an ALB log line' };
  const at = new Date(f[1]!);
  const status = Number(f[8]);
  if (Number.isNaN(at.getTime())) return { error: `unreadable time ${f[1]}` };
  if (!Number.isInteger(status) || status < 100 || status > 599) return { error: `no status (${f[8]})` };
  const times = [f[5], f[6], f[7]].map(Number);
  const ms = times.some((t) => !(t >= 0)) ? null : Math.round(times.reduce((a, b) => a + b, 0) * 1_000_000) / 1000;
  return { at, status, ms };
}

const TIME_KEYS = ['time', 'timestamp', '@timestamp'];
const STATUS_KEYS = ['status', 'status_code'];
const DURATION_KEYS = ['duration_ms', 'duration', 'ms'];

/** JSON lines: time (ISO, or epoch s/ms), status, duration in ms (optional). */
function parseJson(line: string): LineResult {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return { error: 'not JSON' };
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) return { error: 'not a JSON object' };
  const record = value as Record<string, unknown>;
  const pick = (keys: string[]) => keys.map((k) => record[k]).find((v) => v !== undefined && v !== null);
  const time = pick(TIME_KEYS);
  const at =
    typeof time === 'number'
      ? new Date(time < 1e11 ? time * 1000 : time)
      : typeof time === 'string'
        ? new Date(time)
        : null;
  if (!at || Number.isNaN(at.getTime())) return { error: `no time (${TIME_KEYS.join(', ')})` };
  const status = Number(pick(STATUS_KEYS));
  if (!Number.isInteger(status) || status < 100 || status > 599)
    return { error: `no status (${STATUS_KEYS.join(', ')})` };
  const duration = pick(DURATION_KEYS);
  const ms = typeof duration === 'number' && duration >= 0 ? duration : null;
  return { at, status, ms };
}
