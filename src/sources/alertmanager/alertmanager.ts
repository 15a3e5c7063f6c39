import type { NormalizedAlert } from '../../core/alert.js';
import { UserError } from '../../core/errors.js';
import { fingerprint } from '../../core/fingerprint.js';
import {
  addLabels,
  alertSeverityHint,
  isRecord,
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

/**
 * Turns an Alertmanager-style group (`alerts[]` plus common labels/annotations) into one alert
 * per member. Older senders omit per-alert `status` and `fingerprint`: the group status stands in
 * for the first, and the sorted label set (what Alertmanager itself hashes) for the second.
 */
export function parseAlertGroup(payload: unknown, flavour: GroupFlavour, context: ParseContext): NormalizedAlert[] {
  const group = requireRecord(payload, flavour.source);
  const members = group.alerts;
  if (!Array.isArray(members)) throw new UserError(`not a ${flavour.source} payload: "alerts" must be an array`);
  const groupStatus = group.status;
  const receivedAt = receivedAtText(context);
  const envelope = members.length > 1 ? envelopeOf(group, flavour) : null;
  const alerts: NormalizedAlert[] = [];
  for (const member of members) {
    if (!isRecord(member))
      throw new UserError(`not a ${flavour.source} payload: every entry of "alerts" must be an object`);
    // Labels are the alert's identity (rules match on them); annotations carry changing values
    // ("value: 30.10 %"), so they feed title/body only and otherwise stay in `raw`.
    const labels = addLabels(addLabels({}, group.commonLabels), member.labels);
    const annotations = addLabels(addLabels({}, group.commonAnnotations), member.annotations);
    const status = (member.status ?? groupStatus) === 'resolved' ? 'resolved' : 'firing';
    const severityText = labels.severity || labels.priority || null;
    const title = annotations.summary || annotations.title || labels.alertname || `${flavour.source} alert`;
    const body = annotations.description || annotations.message || flavour.fallbackBody(member) || '';
    const service = serviceFromLabels(labels) ?? flavour.fallbackService(labels);
    const senderFingerprint = textOf(member.fingerprint);
    alerts.push({
      id: context.newId(),
      source: flavour.source,
      service,
      title: oneLine(title),
      body,
      labels,
      status,
      severityHint: alertSeverityHint(severityText ?? undefined),
      severityText,
      fingerprint: fingerprint([
        flavour.source,
        senderFingerprint ? opaqueId(senderFingerprint) : sortedLabels(labels),
      ]),
      receivedAt,
      raw: envelope ? { ...envelope, alerts: [member] } : payload,
    });
  }
  return alerts;
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
 * alert becomes one NormalizedAlert. See prometheus/alertmanager docs/configuration.md.
 */
export const alertmanager: AlertSource<'alertmanager'> = {
  name: 'alertmanager',
  detect(payload) {
    if (!isRecord(payload) || !Array.isArray(payload.alerts)) return false;
    return payload.version === '4' || typeof payload.groupKey === 'string' || isRecord(payload.commonLabels);
  },
  parse(payload, context) {
    return parseAlertGroup(payload, flavour, context);
  },
};
