/**
 * Amazon SNS delivery forms, shared by the AWS source (cloudwatch.ts): the HTTPS envelope
 * (`SigningCertURL`) and the Lambda event (`Records[].Sns`, spelled `SigningCertUrl`). The
 * signature itself is checked by this source's webhook check (auth.ts); this only reads shapes.
 */

import { isRecord } from '../shared/fields.js';

/** A parsed JSON object. */
export type Json = Record<string, unknown>;

/** Labels without the keys whose value is missing. */
export function compact(entries: Record<string, string | undefined>): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const [key, value] of Object.entries(entries)) if (value !== undefined) labels[key] = value;
  return labels;
}

const envelopeTypes = new Set(['Notification', 'SubscriptionConfirmation', 'UnsubscribeConfirmation']);

/**
 * True for one SNS message in either delivery form (the two forms differ only in
 * `SigningCertURL`/`SigningCertUrl`).
 */
export function isSnsEnvelope(value: unknown): value is Json {
  return (
    isRecord(value) &&
    typeof value.Type === 'string' &&
    envelopeTypes.has(value.Type) &&
    typeof value.MessageId === 'string' &&
    typeof value.TopicArn === 'string' &&
    (typeof value.SigningCertURL === 'string' || typeof value.SigningCertUrl === 'string')
  );
}

/** True for a Lambda invocation event whose records all came from SNS. */
export function isSnsLambdaEvent(value: unknown): value is { Records: Array<{ Sns: Json }> } {
  return (
    isRecord(value) &&
    Array.isArray(value.Records) &&
    value.Records.length > 0 &&
    value.Records.every((record) => isRecord(record) && isSnsEnvelope(record.Sns))
  );
}

/**
 * The SNS messages a payload carries (one per Lambda record, one for an HTTPS envelope, none for
 * anything else), each with the part of the payload it came from: a record's `raw` is the event
 * with only that record (`{...event, Records: [record]}`), so a batch is not stored once per
 * message. A single message's `raw` is the payload itself.
 */
export function snsMessages(payload: unknown): Array<{ envelope: Json; raw: unknown }> {
  if (isSnsLambdaEvent(payload)) {
    const records = payload.Records;
    if (records.length === 1) return [{ envelope: records[0]!.Sns, raw: payload }];
    return records.map((record) => ({ envelope: record.Sns, raw: { ...payload, Records: [record] } }));
  }
  return isSnsEnvelope(payload) ? [{ envelope: payload, raw: payload }] : [];
}

/** What the daemon needs to confirm an HTTPS subscription: visit `SubscribeURL` once the signature checks out. */
export interface SnsSubscriptionConfirmation {
  Type: 'SubscriptionConfirmation';
  MessageId: string;
  TopicArn: string;
  SubscribeURL: string;
  Token?: string;
  Message?: string;
}

/** True for the message SNS sends once when an HTTPS endpoint subscribes; it is not an alert. */
export function isSubscriptionConfirmation(payload: unknown): payload is SnsSubscriptionConfirmation {
  return (
    isSnsEnvelope(payload) && payload.Type === 'SubscriptionConfirmation' && typeof payload.SubscribeURL === 'string'
  );
}

/** The parts of a topic ARN (`arn:aws:sns:REGION:ACCOUNT:NAME`) a person recognizes. */
export function topicParts(topicArn: string | undefined): { name?: string; region?: string; account?: string } {
  const parts = (topicArn ?? '').split(':');
  if (parts.length < 6 || parts[0] !== 'arn') return {};
  return { region: parts[3] || undefined, account: parts[4] || undefined, name: parts.slice(5).join(':') || undefined };
}
