import { describe, expect, it } from 'vitest';
import { sentrySignatureValid } from './signature.js';

// The project's own fixture in the shape of a Sentry integration-platform `issue` webhook. The
// signature was computed outside this code, with `openssl dgst -sha256 -hmac SECRET`.
const secret = 'whsec-test-client-secret';
const body =
  '{"action": "created", "data": {"issue": {"id": "4120001", "title": "TypeError: total is undefined"}}, ' +
  '"installation": {"uuid": "a8e5d37a-696c-4c54-adb5-b3f28d64c7de"}}';
const signature = 'd80fa00e9de6da744a3fec2728583a2069b13abc7b5e127c4da11b46534167a9';

describe('sentrySignatureValid', () => {
  it('accepts the HMAC-SHA256 of the raw body, as a Buffer or a string', () => {
    expect(sentrySignatureValid(secret, Buffer.from(body, 'utf8'), signature)).toBe(true);
    expect(sentrySignatureValid(secret, body, signature)).toBe(true);
  });

  it('accepts upper-case hex and surrounding whitespace', () => {
    expect(sentrySignatureValid(secret, body, ` ${signature.toUpperCase()} `)).toBe(true);
  });

  it('rejects another secret', () => {
    expect(sentrySignatureValid('another-secret', body, signature)).toBe(false);
  });

  it('rejects a body changed by one byte', () => {
    expect(sentrySignatureValid(secret, body.replace('4120001', '4120002'), signature)).toBe(false);
  });

  it('rejects the body re-serialized from its parsed form (only the bytes as received verify)', () => {
    expect(sentrySignatureValid(secret, JSON.stringify(JSON.parse(body)), signature)).toBe(false);
  });

  it('rejects a missing, truncated, prefixed or non-hex signature without throwing', () => {
    expect(sentrySignatureValid(secret, body, undefined)).toBe(false);
    expect(sentrySignatureValid(secret, body, '')).toBe(false);
    expect(sentrySignatureValid(secret, body, signature.slice(0, 63))).toBe(false);
    expect(sentrySignatureValid(secret, body, `${signature}00`)).toBe(false);
    expect(sentrySignatureValid(secret, body, `sha256=${signature}`)).toBe(false);
    expect(sentrySignatureValid(secret, body, `${signature.slice(0, 63)}g`)).toBe(false);
  });

  it('never accepts anything when the secret is blank', () => {
    expect(sentrySignatureValid('', body, signature)).toBe(false);
  });
});
