import type { NormalizedAlert, SourceName } from '../core/alert.js';
import { labelsWithoutNul, withoutNul } from '../core/text.js';
import { newAlertId } from '../core/alert-id.js';
import { UserError } from '../core/errors.js';
import { registry } from './registry.js';
import type { AlertSource, ParseContext } from './shared/types.js';
import { text } from './text/text.js';

export type { AlertSource, ParseContext } from './shared/types.js';

/** Every source, in detection order (see registry.ts for why this order). */
export const sources: readonly AlertSource[] = registry.map((unit) => unit.source);

/** The names `--source` accepts, in detection order. */
export const sourceNames: readonly SourceName[] = sources.map((source) => source.name);

const byName = new Map<SourceName, AlertSource>(sources.map((source) => [source.name, source]));

/**
 * The source for a payload: strings are text lines; objects go to the first source whose detect()
 * says yes; else null.
 */
export function detectSource(payload: unknown): AlertSource | null {
  if (typeof payload === 'string') return text;
  if (typeof payload !== 'object' || payload === null) return null;
  for (const source of sources) {
    if (source !== text && source.detect(payload)) return source;
  }
  return null;
}

/** What `parsePayload` was told: `source` forces one source (`--source NAME`) and skips detection. */
export interface ParseOptions {
  source?: SourceName | undefined;
}

/**
 * Normalizes one payload (a JSON value or a text line) into alerts. Throws UserError when the
 * forced source does not exist, when no source recognizes the payload, or when it is malformed
 * for its source.
 */
export function parsePayload(
  payload: unknown,
  options: ParseOptions,
  context: ParseContext,
): { source: AlertSource; alerts: NormalizedAlert[] } {
  const source = options.source ? forced(options.source) : detectSource(payload);
  if (!source) throw unrecognized(payload);
  return { source, alerts: source.parse(payload, context).map(storable) };
}

/**
 * The alert with NUL replaced in every text field that becomes a column, whatever the source
 * did: one NUL from a sender once stopped a PostgreSQL pipeline for good. (`raw` is stored as
 * JSON text, where NUL is escaped.)
 */
function storable(alert: NormalizedAlert): NormalizedAlert {
  alert.service = withoutNul(alert.service);
  alert.title = withoutNul(alert.title);
  alert.body = withoutNul(alert.body);
  alert.labels = labelsWithoutNul(alert.labels);
  if (alert.severityText !== null) alert.severityText = withoutNul(alert.severityText);
  return alert;
}

/** A parse context for a payload received `now`, minting alert ids (see newAlertId). */
export function newParseContext(now: Date = new Date()): ParseContext {
  return { receivedAt: now, newId: newAlertId };
}

function forced(name: SourceName): AlertSource {
  const source = byName.get(name);
  if (!source) throw new UserError(`unknown source "${name}"`, `--source accepts: ${sourceNames.join(', ')}`);
  return source;
}

function unrecognized(payload: unknown): UserError {
  const hint =
    'soloops reads CloudWatch/SNS, Sentry, Datadog, Grafana, Alertmanager and Uptime Kuma webhook bodies, ' +
    'generic JSON like {"title": "…", "message": "…", "service": "…", "severity": "critical|warning|info"}, ' +
    `and plain text lines; pass --source NAME (${sourceNames.join(', ')}) to force one`;
  if (payload === null || typeof payload !== 'object') {
    return new UserError(
      `not an alert: a JSON ${payload === null ? 'null' : typeof payload} is not a payload soloops knows`,
      hint,
    );
  }
  if (Array.isArray(payload)) return new UserError('not an alert: a JSON array is not a payload soloops knows', hint);
  const keys = Object.keys(payload);
  // Keys are the sender's text: cut, so a refusal never echoes (or logs) a megabyte back.
  const shown =
    keys
      .slice(0, 8)
      .map((key) => (key.length > 40 ? `${key.slice(0, 40)}…` : key))
      .join(', ') + (keys.length > 8 ? ', …' : '');
  return new UserError(`not an alert soloops recognizes: a JSON object with keys ${shown || '(none)'}`, hint);
}
