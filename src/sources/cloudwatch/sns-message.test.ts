import { describe, expect, it } from 'vitest';
import { signingCertUrl, snsStringToSign, snsUrlProblem } from './sns-message.js';

// The project's own fixtures, following the string-to-sign examples in AWS's "Verifying the
// signatures of Amazon SNS messages" (field order, `name\nvalue\n` pairs, trailing newline).
const topic = 'arn:aws:sns:us-east-2:123456789012:s4-MySNSTopic-1G1WEFCOXTC0P';
const notification = {
  Type: 'Notification',
  MessageId: '4d4dc071-ddbf-465d-bba8-08f81c89da64',
  TopicArn: topic,
  Subject: 'My subject',
  Message: 'My Test Message',
  Timestamp: '2019-01-31T04:37:04.321Z',
  SignatureVersion: '1',
  Signature: 'AAAA',
  SigningCertURL: 'https://sns.us-east-2.amazonaws.com/SimpleNotificationService-1.pem',
  UnsubscribeURL: 'https://sns.us-east-2.amazonaws.com/?Action=Unsubscribe',
};
const subscribeUrl = `https://sns.us-east-2.amazonaws.com/?Action=ConfirmSubscription&TopicArn=${topic}&Token=233`;
const confirmation = {
  Type: 'SubscriptionConfirmation',
  MessageId: '3d891288-136d-417f-bc05-901c108273ee',
  Token: '233',
  TopicArn: topic,
  Message: 'My Test Message',
  SubscribeURL: subscribeUrl,
  Timestamp: '2019-01-31T19:25:13.719Z',
  SignatureVersion: '1',
  Signature: 'AAAA',
  SigningCertURL: 'https://sns.us-east-2.amazonaws.com/SimpleNotificationService-1.pem',
};
const lines = (...values: string[]) => `${values.join('\n')}\n`;

describe('snsStringToSign', () => {
  it('builds the Notification string with Subject, in byte order', () => {
    expect(snsStringToSign(notification)).toEqual({
      ok: true,
      text: lines(
        'Message',
        'My Test Message',
        'MessageId',
        notification.MessageId,
        'Subject',
        'My subject',
        'Timestamp',
        notification.Timestamp,
        'TopicArn',
        topic,
        'Type',
        'Notification',
      ),
    });
  });

  it('leaves Subject out when it is absent or null (the Lambda record form)', () => {
    const expected = lines(
      'Message',
      'My Test Message',
      'MessageId',
      notification.MessageId,
      'Timestamp',
      notification.Timestamp,
      'TopicArn',
      topic,
      'Type',
      'Notification',
    );
    expect(snsStringToSign({ ...notification, Subject: undefined })).toEqual({ ok: true, text: expected });
    expect(snsStringToSign({ ...notification, Subject: null })).toEqual({ ok: true, text: expected });
  });

  it('keeps control characters and unicode of Message as parsed from the JSON', () => {
    const result = snsStringToSign({ ...notification, Subject: undefined, Message: '{"a":"b"}\nline 2 — ünïcode' });
    expect(result.ok && result.text.startsWith('Message\n{"a":"b"}\nline 2 — ünïcode\nMessageId\n')).toBe(true);
  });

  it('builds the SubscriptionConfirmation and UnsubscribeConfirmation strings', () => {
    const expected = (type: string) =>
      lines(
        'Message',
        'My Test Message',
        'MessageId',
        confirmation.MessageId,
        'SubscribeURL',
        subscribeUrl,
        'Timestamp',
        confirmation.Timestamp,
        'Token',
        '233',
        'TopicArn',
        topic,
        'Type',
        type,
      );
    expect(snsStringToSign(confirmation)).toEqual({ ok: true, text: expected('SubscriptionConfirmation') });
    expect(snsStringToSign({ ...confirmation, Type: 'UnsubscribeConfirmation' })).toEqual({
      ok: true,
      text: expected('UnsubscribeConfirmation'),
    });
    // A Subject on a confirmation is not part of what SNS signed.
    expect(snsStringToSign({ ...confirmation, Subject: 'x' })).toEqual({
      ok: true,
      text: expected('SubscriptionConfirmation'),
    });
  });

  it('reads the Lambda spelling SubscribeUrl', () => {
    const { SubscribeURL, ...rest } = confirmation;
    expect(snsStringToSign({ ...rest, SubscribeUrl: SubscribeURL })).toEqual(snsStringToSign(confirmation));
  });

  it('names a missing or non-string field and an unknown type', () => {
    expect(snsStringToSign({ ...confirmation, Token: undefined })).toEqual({
      ok: false,
      reason: 'SNS message has no Token',
    });
    expect(snsStringToSign({ ...notification, Timestamp: 1548909424 })).toEqual({
      ok: false,
      reason: 'SNS message has no Timestamp',
    });
    expect(snsStringToSign({ ...notification, Type: 'toString' })).toEqual({
      ok: false,
      reason: 'not an SNS message type: toString',
    });
    expect(snsStringToSign({})).toEqual({ ok: false, reason: 'not an SNS message: no Type field' });
  });
});

describe('signingCertUrl', () => {
  it('reads both spellings, preferring SigningCertURL', () => {
    expect(signingCertUrl({ SigningCertUrl: 'b' })).toBe('b');
    expect(signingCertUrl({ SigningCertURL: 'a', SigningCertUrl: 'b' })).toBe('a');
  });
});

describe('snsUrlProblem', () => {
  it.each([
    'https://sns.us-east-1.amazonaws.com/SimpleNotificationService-abc.pem',
    'https://sns.us-gov-west-1.amazonaws.com/SimpleNotificationService-abc.pem',
    'https://sns.cn-north-1.amazonaws.com.cn/SimpleNotificationService-abc.pem',
    'https://sns.ap-southeast-5.amazonaws.com:443/SimpleNotificationService-abc.pem',
    'https://SNS.EU-WEST-1.AMAZONAWS.COM/SimpleNotificationService-abc.pem',
  ])('accepts %s', (url) => {
    expect(snsUrlProblem(url, 'certificate', true)).toBeUndefined();
  });

  it.each([
    ['http://sns.us-east-1.amazonaws.com/x.pem', 'certificate URL is not https'],
    ['not a url', 'certificate URL is not a URL'],
    [
      'https://sns.us-east-1.amazonaws.com.evil.com/x.pem',
      'certificate URL is not an SNS host: sns.us-east-1.amazonaws.com.evil.com',
    ],
    ['https://evil.com/sns.us-east-1.amazonaws.com/x.pem', 'certificate URL is not an SNS host: evil.com'],
    ['https://sns.us-east-1.amazonaws.com@evil.com/x.pem', 'certificate URL is not an SNS host: evil.com'],
    [
      'https://user@sns.us-east-1.amazonaws.com/x.pem',
      'certificate URL is not an SNS host: sns.us-east-1.amazonaws.com',
    ],
    [
      'https://sns.us-east-1.amazonaws.com:8443/x.pem',
      'certificate URL is not an SNS host: sns.us-east-1.amazonaws.com:8443',
    ],
    ['https://sns.s3.amazonaws.com/x.pem', 'certificate URL is not an SNS host: sns.s3.amazonaws.com'],
    [
      'https://sns.s3-website-us-east-1.amazonaws.com/x.pem',
      'certificate URL is not an SNS host: sns.s3-website-us-east-1.amazonaws.com',
    ],
    ['https://sns.amazonaws.com/x.pem', 'certificate URL is not an SNS host: sns.amazonaws.com'],
    ['https://sqs.us-east-1.amazonaws.com/x.pem', 'certificate URL is not an SNS host: sqs.us-east-1.amazonaws.com'],
    ['https://sns.us-east-1.amazonaws.com/x.pem.txt', 'certificate URL is not a .pem file'],
    ['https://sns.us-east-1.amazonaws.com/?x=.pem', 'certificate URL is not a .pem file'],
  ])('refuses %s', (url, reason) => {
    expect(snsUrlProblem(url, 'certificate', true)).toBe(reason);
  });

  it('does not ask for a .pem path unless told to (SubscribeURL is a query on the host root)', () => {
    expect(snsUrlProblem(subscribeUrl, 'subscribe')).toBeUndefined();
  });
});
