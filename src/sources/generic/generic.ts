import { UserError } from '../../core/errors.js';
import { fingerprint } from '../../core/fingerprint.js';
import { senderHint } from '../../core/severity-vocabulary.js';
import { addLabels, isRecord, oneLine, opaqueId, receivedAtText, requireRecord, textOf } from '../shared/fields.js';
import type { AlertSource } from '../shared/types.js';

/** Status words that mean "this is over"; anything else (or nothing) is firing. */
const RESOLVED = new Set(['resolved', 'resolve', 'ok', 'recovered', 'recovery', 'closed', 'up', 'normal', 'cleared']);

import { severityOf } from './severity-fields.js';

/**
 * Generic JSON, for custom webhooks, scripts and JSON log lines:
 * `{title, message|description|body, service?, severity?, source?, status?, labels?}`.
 * Also accepted: `summary` for title, `msg`/`text` for the message, `state` for status, `tags`
 * (object or "k:v" list), `host`, the sender's own `fingerprint`/`dedup_key`, and journald's JSON
 * (`journalctl -o json`: MESSAGE, PRIORITY, SYSLOG_IDENTIFIER, _SYSTEMD_UNIT, _HOSTNAME). The
 * sender's severity is read from the fields severity-fields.ts lists (severity, priority, level,
 * sev, urgency, labels and tags…), every word through the one vocabulary (core/severity-vocabulary.ts).
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
      typeof payload.text === 'string' ||
      typeof payload.MESSAGE === 'string'
    );
  },
  parse(payload, context) {
    const p = requireRecord(payload, 'generic');
    const message =
      textOf(p.message) ??
      textOf(p.description) ??
      textOf(p.body) ??
      textOf(p.msg) ??
      textOf(p.text) ??
      textOf(p.MESSAGE);
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
    const host = textOf(p.host) ?? textOf(p.hostname) ?? textOf(p._HOSTNAME);
    if (source && !labels.source) labels.source = source;
    if (host && !labels.host) labels.host = host;
    const service =
      textOf(p.service) ?? labels.service ?? textOf(p.app) ?? source ?? journaldUnit(p) ?? host ?? 'unknown';
    const severity = severityOf(p);
    const severityText = severity?.[1] ?? null;
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
        severityHint: senderHint(severityText, 'generic'),
        severityText,
        severityField: severity?.[0] ?? null,
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

/** journald JSON names the program (SYSLOG_IDENTIFIER) or its unit ("logrotate.service" → logrotate). */
function journaldUnit(p: Record<string, unknown>): string | undefined {
  if (p.MESSAGE === undefined) return undefined;
  return textOf(p.SYSLOG_IDENTIFIER) ?? textOf(p._SYSTEMD_UNIT)?.replace(/\.(?:service|socket|timer|mount)$/, '');
}
