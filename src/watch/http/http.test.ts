import { describe, expect, it } from 'vitest';
import { payloadsOf } from './body.js';
import { RateLimiter } from './rate-limit.js';

describe('webhook bodies', () => {
  it('reads one JSON document, an array, NDJSON, or text lines', () => {
    expect(payloadsOf(Buffer.from('{"title":"a"}'))).toEqual({ payloads: [{ title: 'a' }] });
    expect(payloadsOf(Buffer.from('[{"title":"a"},{"title":"b"}]'))).toEqual({
      payloads: [{ title: 'a' }, { title: 'b' }],
    });
    expect(payloadsOf(Buffer.from('{"title":"a"}\n{"title":"b"}\n'))).toEqual({
      payloads: [{ title: 'a' }, { title: 'b' }],
    });
    expect(payloadsOf(Buffer.from('line one\n\nline two\n'))).toEqual({ payloads: ['line one', 'line two'] });
  });

  it('says what is wrong with a broken or empty body', () => {
    expect(payloadsOf(Buffer.from('{"title": '))).toEqual({ error: 'invalid JSON body' });
    expect(payloadsOf(Buffer.from('{"a":1}\n{"b":'))).toEqual({ error: 'invalid JSON on line 2 of the body' });
    expect(payloadsOf(undefined)).toMatchObject({ error: expect.stringContaining('empty body') });
  });
});

describe('per-source rate limit', () => {
  it('allows max per window for each source, then says how long to wait', () => {
    let now = 0;
    const limiter = new RateLimiter(2, 60_000, () => now);
    expect([limiter.take('sentry'), limiter.take('sentry'), limiter.take('sentry')]).toEqual([0, 0, 60]);
    expect(limiter.take('datadog')).toBe(0);
    now = 59_000;
    expect(limiter.take('sentry')).toBe(1);
    now = 60_000;
    expect(limiter.take('sentry')).toBe(0);
  });
});
