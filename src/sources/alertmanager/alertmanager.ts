import type { NormalizedAlert } from '../../core/alert.js';
import { UserError } from '../../core/errors.js';
import { fingerprint } from '../../core/fingerprint.js';
import { senderHint } from '../../core/severity-vocabulary.js';
import {
  addLabels,
  isRecord,
  notAPayload,
  oneLine,
  opaqueId,
  receivedAtText,
  requireRecord,
  textOf,
} from '../shared/fields.js';
import type { AlertSource, ParseContext } from '../shared/types.js';

/**
 * Label names that say which service an alert is about, most specific first. `service`/`app` are
 * what people set on purpose; `job` is the scrape job (often the service on a VM setup);
 * `namespace` is the usual unit of ownership on Kubernetes; `instance` (a host:port) is the last
 * resort before the sender's own name.
 */
const SERVICE_LABELS = [
  'service',
  'app',
  'app.kubernetes.io/name',
  'app_kubernetes_io_name',
  'job',
  'namespace',
  'instance',
];

/** How Alertmanager and Grafana (which reuses its body) differ in one group. */
export interface GroupFlavour {
  source: 'alertmanager' | 'grafana';
  /** Service name when no SERVICE_LABELS label is set. */
  fallbackService(labels: Record<string, string>): string;
  /** Text for the body when the alert has no description/message annotation. */
  fallbackBody(alert: Record<string, unknown>): string | undefined;
  /**
   * Envelope fields that render the whole group (Grafana's `message` lists every alert): they
   * grow with the group, so a member's `raw` leaves them out (see memberRaw).
   */
  groupRendered?: readonly string[];
}

/** Picks the service from labels (see SERVICE_LABELS). */
export function serviceFromLabels(labels: Record<string, string>): string | undefined {
  for (const name of SERVICE_LABELS) {
    const value = labels[name];
    if (value) return value;
  }
  return undefined;
}

/** Labels that carry the rule author's severity, most common first. */
const SEVERITY_LABELS = ['severity', 'priority', 'level', 'sev', 'urgency'];

/** The first severity label set, as [field, word] (`labels.severity`, `critical`). */
export function severityLabel(labels: Record<string, string>, prefix = 'labels.'): [string, string] | undefined {
  for (const name of SEVERITY_LABELS) {
    const value = labels[name]?.trim();
    if (value) return [prefix + name, value];
  }
  return undefined;
}

/**
 * Turns an Alertmanager-style group (`alerts[]` plus common labels/annotations) into one alert
 * per member. Older senders omit per-alert `status` and `fingerprint`: the group status stands in
 * for the first, and the sorted label set (what Alertmanager itself hashes) for the second.
 */
export function parseAlertGroup(payload: unknown, flavour: GroupFlavour, context: ParseContext): NormalizedAlert[] {
  const group = requireRecord(payload, flavour.source);
  const members = group.alerts;
  if (!Array.isArray(members)) throw new UserError(`${notAPayload(flavour.source)}: "alerts" must be an array`);
  const envelope = members.length > 1 ? envelopeOf(group, flavour) : null;
  const alerts: NormalizedAlert[] = [];
  for (const member of members) {
    if (!isRecord(member))
      throw new UserError(`${notAPayload(flavour.source)}: every entry of "alerts" must be an object`);
    alerts.push(memberAlert(member, group, flavour, context, envelope ? { ...envelope, alerts: [member] } : payload));
  }
  return alerts;
}

/** One alert of a group (or one alert of the API's list, with an empty group). */
function memberAlert(
  member: Record<string, unknown>,
  group: Record<string, unknown>,
  flavour: GroupFlavour,
  context: ParseContext,
  raw: unknown,
): NormalizedAlert {
  // Labels are the alert's identity (rules match on them); annotations carry changing values
  // ("value: 30.10 %"), so they feed title/body only and otherwise stay in `raw`.
  const labels = addLabels(addLabels({}, group.commonLabels), member.labels);
  const annotations = addLabels(addLabels({}, group.commonAnnotations), member.annotations);
  // The API's `status` is an object ({state: active|suppressed|unprocessed}): it lists firing alerts.
  const status = (member.status ?? group.status) === 'resolved' ? 'resolved' : 'firing';
  const severity = severityLabel(labels);
  const severityText = severity?.[1] ?? null;
  const title = annotations.summary || annotations.title || labels.alertname || `${flavour.source} alert`;
  const body = annotations.description || annotations.message || flavour.fallbackBody(member) || '';
  const service = serviceFromLabels(labels) ?? flavour.fallbackService(labels);
  const senderFingerprint = textOf(member.fingerprint);
  return {
    id: context.newId(),
    source: flavour.source,
    service,
    title: oneLine(title),
    body,
    labels,
    status,
    severityHint: senderHint(severityText, flavour.source),
    severityText,
    severityField: severity?.[0] ?? null,
    fingerprint: fingerprint([flavour.source, senderFingerprint ? opaqueId(senderFingerprint) : sortedLabels(labels)]),
    receivedAt: receivedAtText(context),
    raw,
  };
}

/**
 * One alert of Alertmanager's API v2 `GET /api/v2/alerts` (a JSON array of these; the input
 * readers hand each entry over alone): `{labels, annotations, startsAt, endsAt, fingerprint,
 * status: {state, silencedBy, inhibitedBy}, receivers: [{name}], updatedAt, generatorURL}`. Also
 * the `POST /api/v2/alerts` body Prometheus sends (labels, annotations, startsAt…, no status).
 */
export function isApiAlert(payload: Record<string, unknown>): boolean {
  // A title or message makes it someone's generic JSON that happens to carry labels.
  if (!isRecord(payload.labels) || 'alerts' in payload || 'title' in payload || 'message' in payload) return false;
  return (
    typeof payload.startsAt === 'string' ||
    typeof payload.generatorURL === 'string' ||
    (typeof payload.fingerprint === 'string' && (isRecord(payload.status) || Array.isArray(payload.receivers)))
  );
}

/**
 * The group without its members, for each member's `raw`: `{...envelope, alerts: [member]}` still
 * reads as a webhook body of this sender (receiver, common labels, externalURL…), and a member no
 * longer carries the whole group. Storing the body once per member made a 500-alert group (290 KB)
 * cost 145 MB of JSON in memory and in the database; now each member costs its own size plus the
 * envelope's. A one-member group keeps the payload itself (the same thing, no copy).
 */
function envelopeOf(group: Record<string, unknown>, flavour: GroupFlavour): Record<string, unknown> {
  const envelope: Record<string, unknown> = {};
  const drop = flavour.groupRendered ?? [];
  for (const key in group) if (key !== 'alerts' && !drop.includes(key)) envelope[key] = group[key];
  return envelope;
}

function sortedLabels(labels: Record<string, string>): string {
  return Object.keys(labels)
    .sort()
    .map((key) => `${key}=${labels[key]}`)
    .join(',');
}

const flavour: GroupFlavour = {
  source: 'alertmanager',
  fallbackService: () => 'prometheus',
  fallbackBody: () => undefined,
};

/**
 * Prometheus Alertmanager webhook (version "4"): one notification per alert group, each member
 * alert becomes one NormalizedAlert. See prometheus/alertmanager docs/configuration.md. Also one
 * alert of its API v2 (`curl $ALERTMANAGER/api/v2/alerts | soloops triage`, see isApiAlert).
 */
export const alertmanager: AlertSource<'alertmanager'> = {
  name: 'alertmanager',
  detect(payload) {
    if (!isRecord(payload)) return false;
    if (!Array.isArray(payload.alerts)) return isApiAlert(payload);
    return payload.version === '4' || typeof payload.groupKey === 'string' || isRecord(payload.commonLabels);
  },
  parse(payload, context) {
    const body = requireRecord(payload, 'alertmanager');
    if (!('alerts' in body) && isRecord(body.labels)) return [memberAlert(body, {}, flavour, context, payload)];
    return parseAlertGroup(payload, flavour, context);
  },
};
