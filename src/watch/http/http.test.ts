import { describe, expect, it } from 'vitest';
import { nothingAccepted, payloadsOf } from './body.js';
import { RateLimiter } from './rate-limit.js';

describe('webhook bodies', () => {
  const payloads = (body: string) => {
    const read = payloadsOf(Buffer.from(body));
    return 'error' in read ? read : { ...read, payloads: read.payloads.map((p) => p.payload) };
  };

  it('reads one JSON document, an array, NDJSON, or text lines', () => {
    expect(payloads('{"title":"a"}')).toEqual({ payloads: [{ title: 'a' }], rejected: [] });
    expect(payloads('[{"title":"a"},{"title":"b"}]')).toEqual({
      payloads: [{ title: 'a' }, { title: 'b' }],
      rejected: [],
    });
    expect(payloads('{"title":"a"}\n{"title":"b"}\n')).toEqual({
      payloads: [{ title: 'a' }, { title: 'b' }],
      rejected: [],
    });
    expect(payloads('line one\n\nline two\n')).toEqual({ payloads: ['line one', 'line two'], rejected: [] });
  });

  it('reads NDJSON, text lines and a pretty-printed document mixed, as `soloops triage` does, with lines', () => {
    const body = '{"title":"a"}\ndisk full on db-1\n[WARN] slow query\n{\n  "title": "b"\n}\n{"title": oops\nlast line';
    const read = payloadsOf(Buffer.from(body));
    expect(read).toEqual({
      payloads: [
        { line: 1, payload: { title: 'a' } },
        { line: 2, payload: 'disk full on db-1' },
        { line: 3, payload: '[WARN] slow query' },
        { line: 4, payload: { title: 'b' } },
        { line: 8, payload: 'last line' },
      ],
      rejected: [{ line: 7, reason: 'invalid JSON' }],
    });
  });

  it('says what is wrong with a broken or empty body', () => {
    expect(payloads('{"title": ')).toEqual({
      payloads: [],
      rejected: [{ line: 1, reason: 'invalid JSON (the input ended inside a document)' }],
    });
    expect(payloads('{"a":1}\n{"b":')).toMatchObject({ payloads: [{ a: 1 }], rejected: [{ line: 2 }] });
    expect(payloadsOf(undefined)).toMatchObject({ error: expect.stringContaining('empty body') });
    expect(nothingAccepted([{ line: 5, reason: 'invalid JSON' }])).toBe(
      'nothing accepted: line 5 of the body: invalid JSON',
    );
    expect(
      nothingAccepted([
        { line: 9, reason: 'x' },
        { line: 2, reason: 'invalid JSON' },
      ]),
    ).toBe('nothing accepted: line 2 of the body: invalid JSON (and 1 more line: see rejected)');
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
