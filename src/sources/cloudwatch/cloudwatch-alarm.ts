/**
 * CloudWatch alarm state changes, from the alarm JSON SNS carries (`AlarmName`, `NewStateValue`,
 * `Trigger`) and from the EventBridge "CloudWatch Alarm State Change" event, mapped to one shape.
 */
import type { NormalizedAlert } from '../../core/alert.js';
import { UserError } from '../../core/errors.js';
import { fingerprint } from '../../core/fingerprint.js';
import { senderHint } from '../../core/severity-vocabulary.js';
import { isRecord, opaqueId, textOf } from '../shared/fields.js';
import { compact, type Json } from './sns-envelope.js';

/** A normalized alert without what the caller stamps on every alert (id, source, time, raw payload). */
export type AlertFields = Omit<NormalizedAlert, 'id' | 'source' | 'receivedAt' | 'raw'>;

/** What an alarm notification says, whichever of the two formats it came in. */
interface AlarmFacts {
  name: string;
  state: string;
  /** Where the state was: `NewStateValue` (alarm JSON) or `detail.state.value` (EventBridge). */
  stateField: string;
  oldState?: string;
  reason?: string;
  description?: string;
  account?: string;
  region?: string;
  namespace?: string;
  metric?: string;
  dimensions: Array<[string, string]>;
}

/** True for the alarm JSON: what SNS carries in `Message`, or what raw message delivery posts bare. */
export function isAlarmJson(value: unknown): value is Json {
  return isRecord(value) && typeof value.AlarmName === 'string' && typeof value.NewStateValue === 'string';
}

/** True for the EventBridge form of an alarm state change. */
export function isAlarmEvent(value: unknown): value is Json {
  return isRecord(value) && value['detail-type'] === 'CloudWatch Alarm State Change' && isRecord(value.detail);
}

/** Maps the alarm JSON; throws UserError when it names an alarm but lacks its state. */
export function alarmFromJson(alarm: Json): AlertFields {
  const name = textOf(alarm.AlarmName);
  const state = textOf(alarm.NewStateValue);
  if (!name || !state)
    throw new UserError(
      'CloudWatch alarm payload lacks AlarmName or NewStateValue',
      'send the alarm JSON CloudWatch publishes to SNS unchanged',
    );
  const trigger = isRecord(alarm.Trigger) ? alarm.Trigger : {};
  // Metric-math alarms have no top-level metric: the first metric the expression reads names the resource.
  const stat = Array.isArray(trigger.Metrics)
    ? trigger.Metrics.map((m) => (isRecord(m) && isRecord(m.MetricStat) ? m.MetricStat.Metric : undefined)).find(
        isRecord,
      )
    : undefined;
  const metric = stat ?? trigger;
  const dims = Array.isArray(metric.Dimensions) ? metric.Dimensions : [];
  return mapAlarm({
    name,
    state,
    stateField: 'NewStateValue',
    oldState: textOf(alarm.OldStateValue),
    reason: textOf(alarm.NewStateReason),
    description: textOf(alarm.AlarmDescription),
    account: textOf(alarm.AWSAccountId),
    region: textOf(alarm.Region),
    namespace: textOf(metric.Namespace),
    metric: textOf(metric.MetricName),
    dimensions: dims
      .filter(isRecord)
      .flatMap((d) =>
        textOf(d.name) && textOf(d.value) ? [[String(d.name), String(d.value)] as [string, string]] : [],
      ),
  });
}

/** Maps the EventBridge "CloudWatch Alarm State Change" event (camelCase, dimensions as an object). */
export function alarmFromEvent(event: Json): AlertFields {
  const detail = isRecord(event.detail) ? event.detail : {};
  const state = isRecord(detail.state) ? detail.state : {};
  const config = isRecord(detail.configuration) ? detail.configuration : {};
  const name = textOf(detail.alarmName);
  const value = textOf(state.value);
  if (!name || !value) throw new UserError('CloudWatch alarm event lacks detail.alarmName or detail.state.value');
  const metrics = Array.isArray(config.metrics) ? config.metrics : [];
  const metric =
    metrics.map((m) => (isRecord(m) && isRecord(m.metricStat) ? m.metricStat.metric : undefined)).find(isRecord) ?? {};
  const dims = isRecord(metric.dimensions) ? metric.dimensions : {};
  return mapAlarm({
    name,
    state: value,
    stateField: 'detail.state.value',
    oldState: isRecord(detail.previousState) ? textOf(detail.previousState.value) : undefined,
    reason: textOf(state.reason),
    description: textOf(config.description),
    account: textOf(event.account),
    region: textOf(event.region),
    namespace: textOf(metric.namespace),
    metric: textOf(metric.name),
    dimensions: Object.entries(dims).flatMap(([k, v]) => (textOf(v) ? [[k, String(v)] as [string, string]] : [])),
  });
}

function mapAlarm(facts: AlarmFacts): AlertFields {
  const { name, state } = facts;
  if (state !== 'ALARM' && state !== 'OK' && state !== 'INSUFFICIENT_DATA') {
    throw new UserError(
      `CloudWatch alarm "${name}" has an unknown state "${state}"`,
      'expected ALARM, OK or INSUFFICIENT_DATA',
    );
  }
  const dimensionText = facts.dimensions.map(([k, v]) => `${k}=${v}`).join(',');
  const labels = compact({
    alarm: name,
    state,
    previous_state: facts.oldState,
    account: facts.account,
    region: facts.region,
    namespace: facts.namespace,
    metric: facts.metric,
    dimensions: dimensionText || undefined,
  });
  return {
    service: serviceOf(facts),
    // Missing data is not a breach: say so in the title, where the person and the model look first.
    title: state === 'INSUFFICIENT_DATA' ? `${name}: insufficient data` : name,
    body: [facts.description, facts.reason, facts.oldState ? `${facts.oldState} → ${state}` : undefined]
      .filter(Boolean)
      .join('\n'),
    labels,
    status: state === 'OK' ? 'resolved' : 'firing',
    // ALARM carries no severity of its own (the vocabulary's cloudwatch row): rules and the model decide.
    severityHint: senderHint(state, 'cloudwatch'),
    severityText: state,
    severityField: facts.stateField,
    // An alarm name is unique per account and region and never changes between ALARM and OK, so it
    // is kept whole: normalizing "api-1"/"api-2" to one name would let one alarm's OK close the other.
    fingerprint: fingerprint(['cloudwatch', 'alarm', opaqueId(`${facts.account ?? ''}/${facts.region ?? ''}/${name}`)]),
  };
}

/** "AWS/RDS db-1" when the metric names a resource; the alarm name when it does not (custom, composite alarms). */
function serviceOf(facts: AlarmFacts): string {
  if (facts.namespace && facts.dimensions.length > 0)
    return `${facts.namespace} ${facts.dimensions.map(([, v]) => v).join('/')}`;
  if (facts.namespace?.startsWith('AWS/')) return facts.namespace;
  return facts.name;
}
