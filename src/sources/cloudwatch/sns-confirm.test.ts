import { describe, expect, it, vi } from 'vitest';
import { confirmSubscription, subscribeUrlAllowed } from './sns-verifier.js';

// The project's own fixture, in the documented SubscriptionConfirmation shape.
const subscribeUrl =
  'https://sns.ap-northeast-1.amazonaws.com/?Action=ConfirmSubscription' +
  '&TopicArn=arn:aws:sns:ap-northeast-1:123456789012:alerts&Token=2336412f37fb687f';
const message = {
  Type: 'SubscriptionConfirmation',
  MessageId: 'cb304f8d-740d-4810-b9dd-7d47a1184eb8',
  Token: '2336412f37fb687f',
  TopicArn: 'arn:aws:sns:ap-northeast-1:123456789012:alerts',
  Message: 'You have chosen to subscribe…',
  SubscribeURL: subscribeUrl,
  Timestamp: '2026-03-04T05:06:07.890Z',
  SignatureVersion: '1',
  Signature: 'AAAA',
  SigningCertURL: 'https://sns.ap-northeast-1.amazonaws.com/SimpleNotificationService-1.pem',
};
const answering = (status: number) =>
  vi.fn<typeof fetch>(async () => new Response('<ConfirmSubscriptionResponse/>', { status }));

describe('subscribeUrlAllowed', () => {
  it('allows https SNS hosts only', () => {
    expect(subscribeUrlAllowed(subscribeUrl)).toBe(true);
    expect(subscribeUrlAllowed('https://sns.cn-north-1.amazonaws.com.cn/?Action=ConfirmSubscription')).toBe(true);
    expect(subscribeUrlAllowed(subscribeUrl.replace('https:', 'http:'))).toBe(false);
    expect(subscribeUrlAllowed('https://sns.ap-northeast-1.amazonaws.com.evil.com/?Action=ConfirmSubscription')).toBe(
      false,
    );
    expect(subscribeUrlAllowed('https://169.254.169.254/latest/meta-data/')).toBe(false);
    expect(subscribeUrlAllowed('')).toBe(false);
  });
});

describe('confirmSubscription', () => {
  it('GETs the SubscribeURL once', async () => {
    const fetchImpl = answering(200);
    expect(await confirmSubscription(message, fetchImpl)).toEqual({ ok: true });
    expect(fetchImpl).toHaveBeenCalledTimes(1);
    const [url, init] = fetchImpl.mock.calls[0]!;
    expect(url).toBe(subscribeUrl);
    expect(init?.method ?? 'GET').toBe('GET');
    expect(init?.redirect).toBe('error');
  });

  it('accepts the SubscribeUrl spelling', async () => {
    const { SubscribeURL, ...rest } = message;
    expect(await confirmSubscription({ ...rest, SubscribeUrl: SubscribeURL }, answering(200))).toEqual({ ok: true });
  });

  it('refuses a URL off the SNS hosts without a request', async () => {
    const fetchImpl = answering(200);
    expect(
      await confirmSubscription(
        { ...message, SubscribeURL: 'https://attacker.example/?Action=ConfirmSubscription' },
        fetchImpl,
      ),
    ).toEqual({ ok: false, reason: 'subscribe URL is not an SNS host: attacker.example' });
    expect(
      await confirmSubscription({ ...message, SubscribeURL: 'http://sns.ap-northeast-1.amazonaws.com/' }, fetchImpl),
    ).toEqual({ ok: false, reason: 'subscribe URL is not https' });
    expect(fetchImpl).not.toHaveBeenCalled();
  });

  it('confirms nothing but a SubscriptionConfirmation that has a SubscribeURL', async () => {
    const fetchImpl = answering(200);
    expect(await confirmSubscription({ ...message, Type: 'Notification' }, fetchImpl)).toEqual({
      ok: false,
      reason: 'not an SNS SubscriptionConfirmation',
    });
    expect(await confirmSubscription('text', fetchImpl)).toEqual({
      ok: false,
      reason: 'not an SNS SubscriptionConfirmation',
    });
    expect(await confirmSubscription({ ...message, SubscribeURL: undefined }, fetchImpl)).toEqual({
      ok: false,
      reason: 'SNS SubscriptionConfirmation has no SubscribeURL',
    });
    expect(fetchImpl).not.toHaveBeenCalled();
  });

  it('reports a refusal or a network failure without the token-bearing URL', async () => {
    expect(await confirmSubscription(message, answering(403))).toEqual({
      ok: false,
      reason: 'SNS refused the subscription confirmation: HTTP 403',
    });
    const failing = vi.fn<typeof fetch>(async (url) => {
      throw new TypeError(`request to ${String(url)} failed`, {
        cause: Object.assign(new Error('getaddrinfo ENOTFOUND'), { code: 'ENOTFOUND' }),
      });
    });
    const result = await confirmSubscription(message, failing);
    expect(result).toEqual({
      ok: false,
      reason: 'could not reach SNS to confirm the subscription: request to <url> failed (ENOTFOUND)',
    });
  });
});
