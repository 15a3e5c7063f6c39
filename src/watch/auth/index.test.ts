import { createHmac } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import type { SnsVerifier } from '../../sources/cloudwatch/sns-verifier.js';
import { authenticate, type AuthRequest, type SourceAuth } from './index.js';

const rawBody = Buffer.from('{"action":"created","data":{"issue":{"id":"1"}}}');
const secret = 'sentry-client-secret';
const sentrySignature = createHmac('sha256', secret).update(rawBody).digest('hex');
const NOW = new Date('2026-12-04T12:00:00Z');
const stamp = (minutesAgo: number) => new Date(NOW.getTime() - minutesAgo * 60_000).toISOString();
const request = (overrides: Partial<AuthRequest> = {}): AuthRequest => ({
  headers: {},
  query: {},
  rawBody,
  bodies: [JSON.parse(rawBody.toString())],
  now: NOW,
  ...overrides,
});

/** A verifier that accepts messages whose Signature is "good", recording what it saw. */
function fakeSns(): SnsVerifier & { seen: unknown[] } {
  const seen: unknown[] = [];
  return {
    seen,
    verify: vi.fn(async (message: unknown) => {
      seen.push(message);
      return (message as { Signature?: string } | undefined)?.Signature === 'good'
        ? { ok: true as const }
        : { ok: false as const, reason: 'signature does not match' };
    }),
  };
}

describe('authenticate', () => {
  it('lets a request through when the source has no auth settings', async () => {
    expect(await authenticate(undefined, request())).toEqual({ ok: true });
    expect(await authenticate({}, request())).toEqual({ ok: true });
    expect(await authenticate({ sns: { verify: false } }, request())).toEqual({ ok: true });
  });

  it('checks a token from the Authorization header or the query', async () => {
    const config: SourceAuth = { token: 'tok-123' };
    expect(await authenticate(config, request({ headers: { authorization: 'Bearer tok-123' } }))).toEqual({ ok: true });
    expect(await authenticate(config, request({ query: { token: 'tok-123' } }))).toEqual({ ok: true });
    expect(await authenticate(config, request({ query: { token: 'tok-124' } }))).toEqual({
      ok: false,
      reason: 'token does not match',
    });
    expect(await authenticate(config, request())).toEqual({
      ok: false,
      reason: 'missing token: send Authorization: Bearer <token> or ?token=<token>',
    });
  });

  it('fails closed on a blank configured token', async () => {
    expect(await authenticate({ token: '' }, request({ query: { token: '' } }))).toMatchObject({ ok: false });
  });

  it('checks the Sentry signature against the raw body', async () => {
    const config: SourceAuth = { sentry_secret: secret };
    expect(await authenticate(config, request({ headers: { 'sentry-hook-signature': sentrySignature } }))).toEqual({
      ok: true,
    });
    expect(
      await authenticate(
        config,
        request({ headers: { 'sentry-hook-signature': sentrySignature }, rawBody: Buffer.from('{}') }),
      ),
    ).toEqual({ ok: false, reason: 'Sentry-Hook-Signature does not match the body' });
    expect(await authenticate(config, request())).toEqual({
      ok: false,
      reason: 'missing Sentry-Hook-Signature header',
    });
  });

  it('requires every configured check to pass', async () => {
    const config: SourceAuth = { token: 'tok-123', sentry_secret: secret };
    const both = { authorization: 'Bearer tok-123', 'sentry-hook-signature': sentrySignature };
    expect(await authenticate(config, request({ headers: both }))).toEqual({ ok: true });
    expect(await authenticate(config, request({ headers: { ...both, authorization: 'Bearer nope' } }))).toEqual({
      ok: false,
      reason: 'token does not match',
    });
    expect(await authenticate(config, request({ headers: { authorization: 'Bearer tok-123' } }))).toEqual({
      ok: false,
      reason: 'missing Sentry-Hook-Signature header',
    });
  });

  it('verifies an SNS envelope with the verifier it is given', async () => {
    const sns = fakeSns();
    const config: SourceAuth = { sns: { verify: true, confirm_subscriptions: true } };
    expect(
      await authenticate(
        config,
        request({ bodies: [{ Type: 'Notification', Signature: 'good', Timestamp: stamp(1) }] }),
        sns,
      ),
    ).toEqual({ ok: true });
    expect(
      await authenticate(
        config,
        request({ bodies: [{ Type: 'Notification', Signature: 'bad', Timestamp: stamp(1) }] }),
        sns,
      ),
    ).toEqual({ ok: false, reason: 'SNS: signature does not match' });
    expect(sns.seen).toHaveLength(2);
  });

  it('verifies every record of a Lambda SNS event', async () => {
    const sns = fakeSns();
    const config: SourceAuth = { sns: { verify: true } };
    const event = (...signatures: string[]) => ({
      Records: signatures.map((Signature) => ({
        EventSource: 'aws:sns',
        Sns: { Type: 'Notification', Signature, Timestamp: stamp(1) },
      })),
    });
    expect(await authenticate(config, request({ bodies: [event('good', 'good')] }), sns)).toEqual({ ok: true });
    expect(await authenticate(config, request({ bodies: [event('good', 'bad')] }), sns)).toEqual({
      ok: false,
      reason: 'SNS: signature does not match',
    });
    expect(await authenticate(config, request({ bodies: [{ Records: [] }] }), sns)).toEqual({
      ok: false,
      reason: 'SNS: Lambda event has no records',
    });
    expect(sns.seen).toHaveLength(4);
  });

  it('rejects a body that is not an SNS message with the real verifier, without a download', async () => {
    const fetchSpy = vi.spyOn(globalThis, 'fetch');
    const result = await authenticate({ sns: { verify: true } }, request());
    expect(result).toEqual({ ok: false, reason: 'SNS: not an SNS message: no Type field' });
    expect(fetchSpy).not.toHaveBeenCalled();
    fetchSpy.mockRestore();
  });

  it('runs the local checks before SNS, so a bad token costs no certificate download', async () => {
    const sns = fakeSns();
    expect(
      await authenticate(
        { token: 'tok-123', sns: { verify: true } },
        request({ bodies: [{ Signature: 'good' }] }),
        sns,
      ),
    ).toMatchObject({ ok: false });
    expect(sns.seen).toHaveLength(0);
  });

  it('verifies every payload of a body, so a signed message cannot carry a forged one past the check', async () => {
    const sns = fakeSns();
    const config: SourceAuth = { sns: { verify: true } };
    const signed = { Type: 'Notification', Signature: 'good', Timestamp: stamp(1) };
    const forged = { title: 'FORGED: production database deleted', severity: 'critical' };
    expect(await authenticate(config, request({ bodies: [signed, forged] }), sns)).toMatchObject({ ok: false });
    expect(await authenticate(config, request({ bodies: [signed, signed] }), sns)).toEqual({ ok: true });
  });

  it('refuses a signed SNS message older than the replay window, or from the future', async () => {
    const sns = fakeSns();
    const message = (minutesAgo: number) => ({ Type: 'Notification', Signature: 'good', Timestamp: stamp(minutesAgo) });
    expect(await authenticate({ sns: { verify: true } }, request({ bodies: [message(59)] }), sns)).toEqual({
      ok: true,
    });
    expect(await authenticate({ sns: { verify: true } }, request({ bodies: [message(61)] }), sns)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/older than 60 min/),
    });
    expect(
      await authenticate({ sns: { verify: true, max_age_ms: 10 * 60_000 } }, request({ bodies: [message(11)] }), sns),
    ).toMatchObject({ ok: false });
    expect(await authenticate({ sns: { verify: true } }, request({ bodies: [message(-30)] }), sns)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/future/),
    });
    expect(
      await authenticate(
        { sns: { verify: true } },
        request({ bodies: [{ Type: 'Notification', Signature: 'good' }] }),
        sns,
      ),
    ).toMatchObject({ ok: false, reason: expect.stringMatching(/Timestamp/) });
  });

  it('refuses a credential given twice: a repeated token parameter or Authorization header', async () => {
    const config: SourceAuth = { token: 'tok-123' };
    expect(await authenticate(config, request({ query: { token: ['tok-123', 'x'] } }))).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/token query parameter is repeated/),
    });
    const rawHeaders = ['Authorization', 'Bearer tok-123', 'authorization', 'Bearer other'];
    expect(
      await authenticate(config, request({ headers: { authorization: 'Bearer tok-123' }, rawHeaders })),
    ).toMatchObject({ ok: false, reason: expect.stringMatching(/authorization header is repeated/) });
  });
});
