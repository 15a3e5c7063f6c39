/**
 * The AWS source: CloudWatch alarms and EventBridge events (GuardDuty, AWS Health), delivered
 * by SNS over HTTPS, to a Lambda (`Records[]`), or bare (raw message delivery, EventBridge API
 * destinations). Any other SNS notification still becomes an alert, named by its topic: a
 * person who subscribed soloops to a topic wants to hear what is published there.
 */
import type { NormalizedAlert } from '../../core/alert.js';
import { UserError } from '../../core/errors.js';
import { fingerprint } from '../../core/fingerprint.js';
import type { AlertSource, ParseContext } from '../shared/types.js';
import { alarmFromJson, isAlarmJson, type AlertFields } from './cloudwatch-alarm.js';
import { eventAlert, isAwsEvent } from './cloudwatch-events.js';
import { isRecord, opaqueId, receivedAtText, textOf } from '../shared/fields.js';
import { compact, isSnsEnvelope, isSnsLambdaEvent, snsMessages, topicParts, type Json } from './sns-envelope.js';

export { isSubscriptionConfirmation, type SnsSubscriptionConfirmation } from './sns-envelope.js';

/**
 * CloudWatch alarms (ALARM → firing, OK → resolved, INSUFFICIENT_DATA → firing with a warning
 * hint), GuardDuty findings (severity bands → hints), AWS Health events and plain SNS messages.
 * SNS subscription and unsubscribe confirmations are recognized and yield no alert.
 */
export const cloudwatch: AlertSource<'cloudwatch'> = {
  name: 'cloudwatch',
  detect(payload) {
    return isSnsEnvelope(payload) || isSnsLambdaEvent(payload) || isAlarmJson(payload) || isAwsEvent(payload);
  },
  parse(payload, context) {
    const messages = snsMessages(payload);
    if (messages.length > 0) {
      return messages.flatMap(({ envelope, raw }) => {
        const fields = fromEnvelope(envelope);
        return fields ? [stamp(fields, raw, context)] : [];
      });
    }
    if (isRecord(payload) && 'AlarmName' in payload) return [stamp(alarmFromJson(payload), payload, context)];
    if (isAwsEvent(payload)) return [stamp(eventAlert(payload), payload, context)];
    throw new UserError(
      'not a CloudWatch alarm, SNS message or AWS EventBridge event',
      'expected an SNS notification (Type, TopicArn, Message), Lambda SNS records, ' +
        'alarm JSON (AlarmName, NewStateValue) or an event with detail-type',
    );
  },
};

/** One SNS message → its alert, or null for subscription bookkeeping. */
function fromEnvelope(envelope: Json): AlertFields | null {
  if (envelope.Type !== 'Notification') return null;
  const topic = topicParts(textOf(envelope.TopicArn));
  const message = typeof envelope.Message === 'string' ? envelope.Message : '';
  const inner = parseJson(message);
  let fields: AlertFields;
  if (isRecord(inner) && 'AlarmName' in inner) fields = alarmFromJson(inner);
  else if (isAwsEvent(inner)) fields = eventAlert(inner);
  else fields = plainMessage(envelope, message, topic);
  // Keep where it came from, without letting the topic override what the message said.
  fields.labels = { ...compact({ topic: topic.name }), ...fields.labels };
  return fields;
}

/** A message someone published to the topic themselves: the subject is its title. */
function plainMessage(envelope: Json, message: string, topic: ReturnType<typeof topicParts>): AlertFields {
  const subject = textOf(envelope.Subject);
  const firstLine = message
    .split('\n')
    .find((line) => line.trim() !== '')
    ?.trim();
  const title = subject ?? firstLine?.slice(0, 120);
  if (!title)
    throw new UserError('SNS notification has neither Subject nor Message', 'publish a Subject or a non-empty Message');
  return {
    service: topic.name ?? 'sns',
    title,
    body: message,
    labels: compact({ account: topic.account, region: topic.region }),
    status: 'firing',
    severityHint: null,
    severityText: null,
    severityField: null,
    fingerprint: fingerprint(['cloudwatch', 'sns', opaqueId(textOf(envelope.TopicArn) ?? ''), title]),
  };
}

function parseJson(text: string): unknown {
  if (!text.trimStart().startsWith('{')) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined; // a message that merely looks like JSON is still a message
  }
}

function stamp(fields: AlertFields, raw: unknown, context: ParseContext): NormalizedAlert {
  return { id: context.newId(), source: 'cloudwatch', receivedAt: receivedAtText(context), raw, ...fields };
}
