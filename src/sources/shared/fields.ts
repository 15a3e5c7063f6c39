import type { SourceName } from '../../core/alert.js';
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

/** How error messages name each source's payloads. */
const PAYLOAD_NAMES: Record<SourceName, string> = {
  cloudwatch: 'CloudWatch',
  datadog: 'Datadog',
  sentry: 'Sentry',
  alertmanager: 'Alertmanager',
  grafana: 'Grafana',
  'uptime-kuma': 'Uptime Kuma',
  generic: 'generic JSON',
  text: 'text',
};

/** "not an Alertmanager payload", "not a Grafana payload": the start of a parse error. */
export function notAPayload(source: SourceName): string {
  const name = PAYLOAD_NAMES[source];
  return `not ${/^[aeiou]/i.test(name) ? 'an' : 'a'} ${name} payload`;
}

/** The payload as an object, or a UserError naming the source that expected one. */
export function requireRecord(payload: unknown, source: SourceName): Record<string, unknown> {
  if (isRecord(payload)) return payload;
  throw new UserError(
    `${notAPayload(source)}: expected a JSON object, got ${Array.isArray(payload) ? 'an array' : typeof payload}`,
  );
}

/**
 * The first of `keys` that holds a usable value in `record`, as [key, trimmed text]: where a
 * sender's severity was found and what it said.
 */
export function firstField(record: Record<string, unknown>, keys: readonly string[]): [string, string] | undefined {
  for (const key of keys) {
    const value = record[key];
    if (value === undefined) continue;
    const text = textOf(value);
    if (text !== undefined) return [key, text];
  }
  return undefined;
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
