/**
 * EventBridge events that reach soloops through SNS or bare: GuardDuty findings, AWS Health
 * events, alarm state changes (cloudwatch-alarm.ts), and any other `aws.*` event as a plain alert.
 */
import { UserError } from '../../core/errors.js';
import { fingerprint } from '../../core/fingerprint.js';
import { scaleWord, senderHint } from '../../core/severity-vocabulary.js';
import { alarmFromEvent, isAlarmEvent, type AlertFields } from './cloudwatch-alarm.js';
import { isRecord, opaqueId, textOf } from '../shared/fields.js';
import { compact, type Json } from './sns-envelope.js';

/**
 * True for an EventBridge event this source maps. GuardDuty samples often omit `source`, so its
 * `detail-type` suffices.
 */
export function isAwsEvent(value: unknown): value is Json {
  if (!isRecord(value) || typeof value['detail-type'] !== 'string' || !isRecord(value.detail)) return false;
  return (
    value['detail-type'] === 'GuardDuty Finding' ||
    (typeof value.source === 'string' && value.source.startsWith('aws.'))
  );
}

/** Maps one EventBridge event; throws UserError when a GuardDuty or Health event lacks what names it. */
export function eventAlert(event: Json): AlertFields {
  if (event['detail-type'] === 'GuardDuty Finding') return guardDuty(event);
  if (event.source === 'aws.health') return health(event);
  if (isAlarmEvent(event)) return alarmFromEvent(event);
  return otherEvent(event);
}

function guardDuty(event: Json): AlertFields {
  const detail = event.detail as Json;
  const type = textOf(detail.type);
  const title = textOf(detail.title) ?? type;
  const score = typeof detail.severity === 'number' ? detail.severity : Number(textOf(detail.severity) ?? NaN);
  if (!title || !Number.isFinite(score))
    throw new UserError('GuardDuty finding lacks detail.title/type or a numeric detail.severity');
  // GuardDuty's own bands (critical 9+, high 7+, medium 4+, low): the vocabulary's cloudwatch row reads them.
  const band = scaleWord('guardDuty', score) ?? 'low';
  const account = textOf(detail.accountId) ?? textOf(event.account);
  const region = textOf(detail.region) ?? textOf(event.region);
  const findingId = textOf(detail.id);
  const resource = isRecord(detail.resource) ? textOf(detail.resource.resourceType) : undefined;
  const labels = compact({
    account,
    region,
    finding_type: type,
    finding_id: findingId,
    resource_type: resource,
    guardduty_severity: String(score),
  });
  return {
    // GuardDuty's `detail.service` is an object of detection metadata, not a service name.
    service: 'guardduty',
    title,
    body: [textOf(detail.description), type && `Finding type: ${type}`, `Severity: ${score} (${band})`]
      .filter(Boolean)
      .join('\n'),
    labels,
    status: 'firing',
    severityHint: senderHint(band, 'cloudwatch'),
    severityText: band,
    severityField: 'detail.severity',
    // GuardDuty updates a recurring finding in place (same id, higher count): the id is the identity.
    fingerprint: findingId
      ? fingerprint(['cloudwatch', 'guardduty', opaqueId(`${account ?? ''}/${region ?? ''}/${findingId}`)])
      : fingerprint(['cloudwatch', 'guardduty', account, region, type, resource, title]),
  };
}

function health(event: Json): AlertFields {
  const detail = event.detail as Json;
  const code = textOf(detail.eventTypeCode);
  if (!code) throw new UserError('AWS Health event lacks detail.eventTypeCode');
  const service = textOf(detail.service) ?? 'aws-health';
  const category = textOf(detail.eventTypeCategory);
  const resolved = detail.statusCode === 'closed';
  const entities = (Array.isArray(detail.affectedEntities) ? detail.affectedEntities : []).flatMap((e) =>
    isRecord(e) && textOf(e.entityValue) ? [String(e.entityValue)] : [],
  );
  const resources = entities.length
    ? entities
    : (Array.isArray(event.resources) ? event.resources : []).flatMap((r) => (textOf(r) ? [String(r)] : []));
  const account = textOf(event.account);
  const region = textOf(event.region);
  const eventArn = textOf(detail.eventArn);
  return {
    service,
    title: healthTitle(code, service),
    body: [describeHealth(detail), resources.length ? `Affected: ${resources.join(', ')}` : undefined]
      .filter(Boolean)
      .join('\n'),
    labels: compact({
      account,
      region,
      service,
      event_type: code,
      event_arn: eventArn,
      category,
      status_code: textOf(detail.statusCode),
      resources: resources.join(',') || undefined,
    }),
    status: resolved ? 'resolved' : 'firing',
    // Categories (the vocabulary's cloudwatch row): a scheduled change is for working hours, a
    // notification for the record; an issue is AWS's own outage, for the model to weigh.
    severityHint: resolved ? 'info' : senderHint(category ?? null, 'cloudwatch'),
    severityText: category ?? null,
    severityField: category ? 'detail.eventTypeCategory' : null,
    // The event ARN stays the same from open to closed.
    fingerprint: eventArn
      ? fingerprint(['cloudwatch', 'health', opaqueId(eventArn)])
      : fingerprint(['cloudwatch', 'health', account, region, code, [...resources].sort().join(',')]),
  };
}

/** "AWS_EC2_INSTANCE_STORE_DRIVE_PERFORMANCE_DEGRADED" → "EC2 instance store drive performance degraded". */
function healthTitle(code: string, service: string): string {
  const rest = code.replace(/^AWS_/, '');
  const prefix = `${service.toUpperCase()}_`;
  const words = (rest.startsWith(prefix) ? rest.slice(prefix.length) : rest).toLowerCase().replace(/_/g, ' ');
  return rest.startsWith(prefix) ? `${service} ${words}` : words;
}

function describeHealth(detail: Json): string | undefined {
  const descriptions = Array.isArray(detail.eventDescription) ? detail.eventDescription.filter(isRecord) : [];
  const english = descriptions.find((d) => d.language === 'en_US') ?? descriptions[0];
  return english ? textOf(english.latestDescription) : undefined;
}

/** Any other AWS event: named by its detail-type, with no severity of its own. */
function otherEvent(event: Json): AlertFields {
  const kind = String(event['detail-type']);
  const service = String(event.source).replace(/^aws\./, '');
  const resources = (Array.isArray(event.resources) ? event.resources : []).flatMap((r) =>
    textOf(r) ? [String(r)] : [],
  );
  const account = textOf(event.account);
  const region = textOf(event.region);
  return {
    service,
    title: kind,
    body: [
      resources.length ? `Resources: ${resources.join(', ')}` : undefined,
      JSON.stringify(event.detail).slice(0, 1000),
    ]
      .filter(Boolean)
      .join('\n'),
    labels: compact({
      account,
      region,
      event_source: String(event.source),
      detail_type: kind,
      resources: resources.join(',') || undefined,
    }),
    status: 'firing',
    severityHint: null,
    severityText: null,
    severityField: null,
    fingerprint: fingerprint([
      'cloudwatch',
      'event',
      opaqueId(`${account ?? ''}/${region ?? ''}`),
      String(event.source),
      kind,
      [...resources].sort().join(','),
    ]),
  };
}
