import type { Severity } from '../../core/alert.js';
import { UserError } from '../../core/errors.js';
import { fingerprint } from '../../core/fingerprint.js';
import {
  addLabels,
  alertSeverityHint,
  isRecord,
  logLevelHint,
  oneLine,
  opaqueId,
  receivedAtText,
  requireRecord,
  textOf,
} from '../shared/fields.js';
import type { AlertSource } from '../shared/types.js';

/** Status words that mean "this is over"; anything else (or nothing) is firing. */
const RESOLVED = new Set(['resolved', 'resolve', 'ok', 'recovered', 'recovery', 'closed', 'up', 'normal', 'cleared']);

/** pino/bunyan numeric levels (10 trace … 60 fatal), so JSON log lines read like their words. */
function pinoLevel(level: number): string {
  return level >= 60 ? 'fatal' : level >= 50 ? 'error' : level >= 40 ? 'warn' : level >= 30 ? 'info' : 'debug';
}

/**
 * Generic JSON, for custom webhooks, scripts and JSON log lines:
 * `{title, message|description|body, service?, severity?, source?, status?, labels?}`.
 * Also accepted: `summary` for title, `msg`/`text` for the message, `priority` for severity,
 * `level` (word or pino number) as a log level, `state` for status, `tags` (object or "k:v" list),
 * `host`, and the sender's own `fingerprint`/`dedup_key`.
 *
 * `severity`/`priority` are read as alert severities ("error" pages, as in PagerDuty), while
 * `level` is read as a log level ("error" is a warning): the field name tells which ladder the
 * sender meant.
 */
export const generic: AlertSource<'generic'> = {
  name: 'generic',
  detect(payload) {
    if (!isRecord(payload)) return false;
    return (
      typeof payload.title === 'string' ||
      typeof payload.message === 'string' ||
      typeof payload.description === 'string' ||
      typeof payload.body === 'string' ||
      typeof payload.summary === 'string' ||
      typeof payload.msg === 'string' ||
      typeof payload.text === 'string'
    );
  },
  parse(payload, context) {
    const p = requireRecord(payload, 'generic');
    const message = textOf(p.message) ?? textOf(p.description) ?? textOf(p.body) ?? textOf(p.msg) ?? textOf(p.text);
    const title = textOf(p.title) ?? textOf(p.summary) ?? message;
    if (title === undefined) {
      throw new UserError(
        'not a generic alert: it needs a "title" or a "message"',
        'send {"title": "…", "message": "…", "severity": "critical|warning|info"}',
      );
    }
    const labels = addLabels({}, p.tags);
    if (Array.isArray(p.tags)) addTagList(labels, p.tags);
    addLabels(labels, p.labels);
    const source = textOf(p.source);
    const host = textOf(p.host) ?? textOf(p.hostname);
    if (source && !labels.source) labels.source = source;
    if (host && !labels.host) labels.host = host;
    const service = textOf(p.service) ?? labels.service ?? textOf(p.app) ?? source ?? host ?? 'unknown';

    let severityText = textOf(p.severity) ?? textOf(p.priority) ?? null;
    let severityHint: Severity | null = alertSeverityHint(severityText ?? undefined);
    if (severityText === null && p.level !== undefined) {
      severityText = typeof p.level === 'number' ? pinoLevel(p.level) : (textOf(p.level) ?? null);
      severityHint = logLevelHint(severityText ?? undefined);
    }
    const statusWord = textOf(p.status) ?? textOf(p.state);
    const resolved = p.resolved === true || (statusWord !== undefined && RESOLVED.has(statusWord.toLowerCase()));
    const own = textOf(p.fingerprint) ?? textOf(p.dedup_key) ?? textOf(p.dedupKey);
    return [
      {
        id: context.newId(),
        source: 'generic',
        service,
        title: oneLine(title),
        body: message ?? '',
        labels,
        status: resolved ? 'resolved' : 'firing',
        severityHint,
        severityText,
        fingerprint: fingerprint(own ? ['generic', opaqueId(own)] : ['generic', service, oneLine(title)]),
        receivedAt: receivedAtText(context),
        raw: payload,
      },
    ];
  },
};

/** Datadog-style tag lists: "env:prod" → env=prod, a bare "canary" → canary=true. */
function addTagList(labels: Record<string, string>, tags: unknown[]): void {
  for (const tag of tags) {
    if (typeof tag !== 'string' || tag === '') continue;
    const colon = tag.indexOf(':');
    if (colon > 0) labels[tag.slice(0, colon)] = tag.slice(colon + 1);
    else labels[tag] = 'true';
  }
}
