/**
 * Datadog webhooks. Datadog has no fixed body: the person writes a JSON template and Datadog fills
 * in `$VARIABLES`. We read the default template (`title`, `body`, `event_type`, `org`, …) and the
 * documented variables under whatever key spelling the template chose (`alert_type`, `alertType`,
 * `ALERT_TYPE` all match), so a hand-written template works without configuration.
 */
import type { NormalizedAlert } from '../../core/alert.js';
import { UserError } from '../../core/errors.js';
import { BoundedMemo } from '../../core/bounded-memo.js';
import { fingerprint } from '../../core/fingerprint.js';
import { senderHint } from '../../core/severity-vocabulary.js';
import { opaqueId, receivedAtText } from '../shared/fields.js';
import type { AlertSource } from '../shared/types.js';

type Fields = Map<string, unknown>;

/** Keys only Datadog's variables produce; one of them is enough to claim a body. */
const markers = [
  'alerttransition',
  'alertcyclekey',
  'aggregkey',
  'alertquery',
  'alertscope',
  'alertmetric',
  'alertpriority',
  'alertstatus',
];

/** `[Triggered]`, `[Re-Warn]`, `[Recovered on {host:web-1}]`, `[P1]` at the start of `$EVENT_TITLE`. */
const titleTag =
  /^\s*\[(?:((?:Re-)?(?:Triggered|Recovered|Warn|No Data|Renotify))(?: on \{?([^\]}]*)\}?)?|P([1-5]))\]\s*/i;

/**
 * Datadog monitor notifications. Recovered (or `$ALERT_TYPE` success) → resolved. The sender's
 * severity, first that applies (severityOf): the Recovered/Warn transition; a `severity:` tag;
 * `$ALERT_PRIORITY` (P1…P5, also a `[P1]` title tag); `$ALERT_TYPE` (error, warning, info,
 * success); `$PRIORITY` (normal, low). What each word means is the vocabulary's (its datadog row:
 * `$ALERT_TYPE` error is a monitor past its alert threshold, so critical).
 */
export const datadog: AlertSource<'datadog'> = {
  name: 'datadog',
  detect(payload) {
    const fields = fieldsOf(payload);
    if (!fields || fields.has('alerts') || fields.has('heartbeat')) return false;
    if (markers.some((key) => fields.has(key))) return true;
    if (fields.has('alerttype') && fields.has('alertid')) return true;
    // The default template: its event_type sits beside the org object and epoch-ms dates.
    return (
      fields.has('eventtype') &&
      (fields.has('org') || fields.has('lastupdated')) &&
      (fields.has('title') || fields.has('body'))
    );
  },
  parse(payload, context): NormalizedAlert[] {
    const fields = fieldsOf(payload);
    if (!fields) throw new UserError('Datadog webhook body is not a JSON object');
    const get = (...keys: string[]) => {
      for (const key of keys) {
        const value = text(fields.get(key));
        if (value !== undefined) return value;
      }
      return undefined;
    };
    const rawTitle = get('title', 'eventtitle', 'alerttitle');
    const rawBody = get('body', 'eventmsg', 'textonlymsg', 'message', 'msg', 'text');
    if (!rawTitle && !rawBody)
      throw new UserError(
        'Datadog webhook has no title or body',
        'put "title": "$EVENT_TITLE" and "body": "$EVENT_MSG" in the webhook template',
      );

    const {
      title: cleanTitle,
      transition: titleTransition,
      scope: titleScope,
      priority: titlePriority,
    } = stripTitle(rawTitle ?? firstLine(rawBody ?? ''));
    const transition = get('alerttransition', 'transition') ?? titleTransition;
    const alertType = get('alerttype')?.toLowerCase();
    const alertPriority = get('alertpriority') ?? titlePriority;
    const eventPriority = get('priority');
    const tags = parseTags(fields.get('tags'));
    const host = get('hostname', 'host') ?? tags.host;
    const scope = get('alertscope', 'scope') ?? titleScope;
    // The default template has no monitor id, but the body's "Monitor Status" link carries it.
    const alertId =
      get('alertid', 'monitorid') ??
      [get('link'), get('url'), rawBody].map((v) => v?.match(/monitors[#/](\d+)/)?.[1]).find(Boolean);
    const step = transition?.toLowerCase().replace(/^re-/, '');
    const resolved = step === 'recovered' || alertType === 'success';
    const severity = severityOf({
      resolved,
      transition: resolved || step === 'warn' ? transition : undefined,
      transitionField: get('alerttransition', 'transition') ? '$ALERT_TRANSITION' : '$EVENT_TITLE',
      tag: tags.severity?.trim() || undefined,
      priority: alertPriority,
      priorityField: get('alertpriority') ? '$ALERT_PRIORITY' : '$EVENT_TITLE',
      alertType: get('alerttype'),
      eventPriority,
    });

    const labels: Record<string, string> = { ...tags };
    const own: Record<string, string | undefined> = {
      event_type: get('eventtype'),
      alert_type: alertType,
      transition,
      priority: alertPriority ?? eventPriority,
      host,
      scope,
      alert_id: alertId,
      aggreg_key: get('aggregkey'),
      metric: get('alertmetric'),
      org: orgName(fields),
    };
    for (const [key, value] of Object.entries(own)) if (value !== undefined) labels[key] = value;

    return [
      {
        id: context.newId(),
        source: 'datadog',
        service: tags.service ?? get('service') ?? host ?? 'datadog',
        title: cleanTitle || 'Datadog alert',
        body: [cleanBody(rawBody ?? ''), get('alertstatus'), get('link')].filter(Boolean).join('\n') || cleanTitle,
        labels,
        status: resolved ? 'resolved' : 'firing',
        severityHint: senderHint(severity?.[1] ?? null, 'datadog'),
        severityText: severity?.[1] ?? null,
        severityField: severity?.[0] ?? null,
        fingerprint: fingerprintOf(alertId ?? get('aggregkey'), cleanTitle, scope ?? host),
        receivedAt: receivedAtText(context),
        raw: payload,
      },
    ];
  },
};

/**
 * The monitor id (else aggregation key) is the same for Triggered and Recovered; the scope or host
 * tells a multi-alert monitor's groups apart. Both are kept whole (opaqueId) so "web-1" and
 * "web-2" stay two alerts; the title is only the fallback, normalized like any text.
 */
function fingerprintOf(id: string | undefined, title: string, scope: string | undefined): string {
  const group = scope === undefined ? undefined : opaqueId(scope);
  return id ? fingerprint(['datadog', opaqueId(id), group]) : fingerprint(['datadog', title, group]);
}

/** The places a Datadog body may say how severe it is, for severityOf. */
interface SeverityPlaces {
  resolved: boolean;
  transition: string | undefined;
  transitionField: string;
  tag: string | undefined;
  priority: string | undefined;
  priorityField: string;
  alertType: string | undefined;
  eventPriority: string | undefined;
}

/** The first place that says something, as [field, word as the sender wrote it]. */
function severityOf(at: SeverityPlaces): [string, string] | undefined {
  if (at.transition) return [at.transitionField, at.transition];
  if (at.resolved && at.alertType) return ['$ALERT_TYPE', at.alertType];
  if (at.tag) return ['tags severity', at.tag];
  if (at.priority) return [at.priorityField, at.priority];
  if (at.alertType) return ['$ALERT_TYPE', at.alertType];
  if (at.eventPriority) return ['$PRIORITY', at.eventPriority];
  return undefined;
}

let lastPayload: object | undefined;
let lastFields: Fields | undefined;

/**
 * Top-level keys folded to lower-case letters and digits, so `alert_type`, `alertType` and `ALERT_TYPE` meet.
 * detect() and then parse() ask for the same payload's fields; the last answer is kept for parse.
 */
function fieldsOf(payload: unknown): Fields | undefined {
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) return undefined;
  if (payload === lastPayload) return lastFields;
  const fields: Fields = new Map();
  for (const key in payload) fields.set(normalizeKey(key), (payload as Record<string, unknown>)[key]);
  lastPayload = payload;
  lastFields = fields;
  return fields;
}

/**
 * Every object payload passes through detect(); the same few keys recur, so normalize each once.
 * Only short keys are remembered, and only a few hundred: detection runs before authentication,
 * so the cache must never keep what an unauthenticated sender chooses (a 1 MB key, 10,000 times).
 */
const normalizedKeys = new BoundedMemo<string>(512, 64);
function normalizeKey(key: string): string {
  let normalized = normalizedKeys.get(key);
  if (normalized === undefined) {
    normalized = key.toLowerCase().replace(/[^a-z0-9]/g, '');
    normalizedKeys.set(key, normalized);
  }
  return normalized;
}

const UNFILLED = /^\$[A-Z_]+$/;

/** A usable string: blank values and variables Datadog left unfilled (`$ALERT_PRIORITY`) count as missing. */
function text(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  return trimmed === '' || (trimmed.charCodeAt(0) === 36 /* $ */ && UNFILLED.test(trimmed)) ? undefined : trimmed;
}

function stripTitle(raw: string): { title: string; transition?: string; scope?: string; priority?: string } {
  const found: { transition?: string; scope?: string; priority?: string } = {};
  let title = raw;
  for (let match = titleTag.exec(title); match; match = titleTag.exec(title)) {
    if (match[1]) found.transition = match[1];
    if (match[2]) found.scope = match[2].trim();
    if (match[3]) found.priority = `P${match[3]}`;
    title = title.slice(match[0].length);
  }
  return { title: title.trim(), ...found };
}

/**
 * `$TAGS` arrives as "env:prod,service:api,canary" (or an array when templated so); a bare tag
 * becomes a key with "".
 */
function parseTags(value: unknown): Record<string, string> {
  const list = Array.isArray(value)
    ? value.filter((v): v is string => typeof v === 'string')
    : typeof value === 'string'
      ? value.split(',')
      : [];
  const tags: Record<string, string> = Object.create(null);
  for (const tag of list.map((t) => t.trim()).filter((t) => t && !t.startsWith('$'))) {
    const at = tag.indexOf(':');
    if (at === -1) tags[tag] = '';
    else tags[tag.slice(0, at)] = tag.slice(at + 1);
  }
  return tags;
}

/** `$EVENT_MSG` is Datadog markdown wrapped in `%%%`, led by the @-mentions that routed it: keep the message. */
function cleanBody(body: string): string {
  return body
    .split('\n')
    .filter((line) => line.trim() !== '%%%' && !/^(@\S+\s*)+$/.test(line.trim()))
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

function firstLine(textValue: string): string {
  return cleanBody(textValue).split('\n')[0] ?? '';
}

function orgName(fields: Fields): string | undefined {
  const org = fields.get('org');
  if (typeof org === 'object' && org !== null && 'name' in org) return text(org.name);
  return text(fields.get('orgname'));
}
