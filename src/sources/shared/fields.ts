import type { Severity } from '../../core/alert.js';
import { UserError } from '../../core/errors.js';
import type { ParseContext } from './types.js';

let lastTime = Number.NaN;
let lastText = '';

/**
 * `context.receivedAt` as ISO-8601 text. Payloads of a busy stream arrive within the same
 * millisecond, and toISOString cost a microsecond per alert; the last one is remembered.
 */
export function receivedAtText(context: ParseContext): string {
  const time = context.receivedAt.getTime();
  if (time !== lastTime) {
    lastText = context.receivedAt.toISOString();
    lastTime = time;
  }
  return lastText;
}

/** A plain JSON object (not an array, not null). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The payload as an object, or a UserError naming the source that expected one. */
export function requireRecord(payload: unknown, what: string): Record<string, unknown> {
  if (isRecord(payload)) return payload;
  throw new UserError(
    `not a ${what} payload: expected a JSON object, got ${Array.isArray(payload) ? 'an array' : typeof payload}`,
  );
}

/** A non-empty trimmed string; numbers count too because senders template ids and levels loosely. */
export function textOf(value: unknown): string | undefined {
  if (typeof value === 'string') {
    const trimmed = value.trim();
    return trimmed === '' ? undefined : trimmed;
  }
  return typeof value === 'number' && Number.isFinite(value) ? String(value) : undefined;
}

/** Copies the scalar entries of a label-like object as strings into `into` (later wins). */
export function addLabels(into: Record<string, string>, value: unknown): Record<string, string> {
  if (!isRecord(value)) return into;
  for (const key in value) {
    const v = value[key];
    if (typeof v === 'string') into[key] = v;
    else if (typeof v === 'number' || typeof v === 'boolean') into[key] = String(v);
  }
  return into;
}

/** The first line of `text`, trimmed and cut to `max` characters: titles stay one short line. */
export function oneLine(text: string, max = 200): string {
  const newline = text.indexOf('\n');
  const line = (newline === -1 ? text : text.slice(0, newline)).trim();
  return line.length > max ? line.slice(0, max) : line;
}

/**
 * Makes a sender's own id survive `fingerprint()`. That function normalizes hex runs and numbers
 * away (so "disk 91%" and "disk 93%" match), which would turn every Alertmanager fingerprint
 * (16 hex chars) or Uptime Kuma monitor id into the same `<hex>`/`<n>` and merge unrelated alerts.
 * Spelling digits as letters g–p keeps the id distinct and untouched by the normalizer.
 */
export function opaqueId(id: string): string {
  // A char-code loop: a replace() callback per digit costs more than the rest of a parse.
  let out = '#';
  for (let i = 0; i < id.length; i++) {
    const code = id.charCodeAt(i);
    out += code >= 48 && code <= 57 ? String.fromCharCode(code + 55) : id[i];
  }
  return out;
}

function table(entries: Record<Severity, string[]>): Map<string, Severity> {
  const map = new Map<string, Severity>();
  for (const severity of ['critical', 'warning', 'info'] as const)
    for (const word of entries[severity]) map.set(word, severity);
  return map;
}

/**
 * Alert severity words (Alertmanager `severity` labels, generic `severity`/`priority`, Zabbix,
 * Opsgenie/Datadog P1–P5; their P2 is "High", so it wakes). "error" is critical here: in alert ladders (PagerDuty's
 * critical > error > warning > info) it is a paging level, and when unsure we prefer to wake.
 */
const alertWords = table({
  critical: [
    'critical',
    'crit',
    'fatal',
    'emergency',
    'emerg',
    'alert',
    'page',
    'high',
    'highest',
    'urgent',
    'major',
    'disaster',
    'error',
    'err',
    'p0',
    'p1',
    'p2',
    'sev0',
    'sev1',
    'sev2',
    'sev-0',
    'sev-1',
    'sev-2',
  ],
  warning: ['warning', 'warn', 'medium', 'moderate', 'minor', 'average', 'p3', 'sev3', 'sev-3'],
  info: [
    'info',
    'informational',
    'information',
    'notice',
    'low',
    'lowest',
    'ok',
    'debug',
    'trace',
    'none',
    'p4',
    'p5',
    'sev4',
    'sev5',
    'sev-4',
    'sev-5',
  ],
});

/**
 * Log level words (syslog, application logs, `level` fields). Unlike alert ladders, "error" is
 * only a warning: services log ERROR for every handled failure, and a real outage shows up as
 * FATAL/CRITICAL/panic/OOM or as many errors, which the classifier sees in the words themselves.
 */
const logWords = table({
  critical: ['emerg', 'emergency', 'alert', 'crit', 'critical', 'fatal', 'panic', 'dpanic'],
  warning: ['err', 'error', 'warn', 'warning'],
  info: ['notice', 'info', 'information', 'informational', 'debug', 'trace', 'verbose'],
});

/** The hint for an alert severity word, or null when the word is not one we know. */
export function alertSeverityHint(word: string | undefined): Severity | null {
  return word === undefined ? null : (alertWords.get(word.toLowerCase()) ?? null);
}

/** The hint for a log level word, or null when the word is not one we know. */
export function logLevelHint(word: string | undefined): Severity | null {
  return word === undefined ? null : (logWords.get(word.toLowerCase()) ?? null);
}
