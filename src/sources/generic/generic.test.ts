import { describe, expect, it } from 'vitest';
import { UserError } from '../../core/errors.js';
import { generic } from './generic.js';
import { newParseContext } from '../index.js';

const context = newParseContext(new Date('2026-11-22T03:04:05Z'));
const parseOne = (payload: Record<string, unknown>) => generic.parse(payload, context)[0];

describe('generic', () => {
  it('reads the documented shape', () => {
    const payload = {
      title: 'Nightly backup failed',
      message: 'pg_dump exited with code 1 after 312s',
      service: 'backups',
      severity: 'critical',
      source: 'cron',
      labels: { host: 'db-1', attempt: 3 },
    };
    expect(generic.detect(payload)).toBe(true);
    expect(parseOne(payload)).toMatchObject({
      source: 'generic',
      service: 'backups',
      title: 'Nightly backup failed',
      body: 'pg_dump exited with code 1 after 312s',
      status: 'firing',
      severityHint: 'critical',
      severityText: 'critical',
      labels: { host: 'db-1', attempt: '3', source: 'cron' },
      receivedAt: '2026-11-22T03:04:05.000Z',
      raw: payload,
    });
  });

  it.each([
    ...['critical', 'CRIT', 'fatal', 'emergency', 'alert', 'P1', 'page', 'Sev0', 'disaster'].map(
      (w) => [w, 'critical'] as const,
    ),
    ...['warning', 'warn', 'P3', 'medium', 'Sev2', 'average'].map((w) => [w, 'warning'] as const),
    ...['info', 'notice', 'low', 'ok', 'debug', 'P5', 'Sev3', 'sev-4'].map((w) => [w, 'info'] as const),
    // Ambiguous words and unknown ones give no hint: the model decides.
    ...['high', 'error', 'P2', 'Sev1', 'major', 'whenever', '3'].map((w) => [w, null] as const),
  ])('maps severity %s to hint %s, keeping the word', (word, hint) => {
    expect(parseOne({ title: 't', severity: word })).toMatchObject({
      severityHint: hint,
      severityText: word,
      severityField: 'severity',
    });
  });

  it('reads `level` like any severity field (error is ambiguous), and pino numbers as their words', () => {
    expect(parseOne({ msg: 'db timeout', level: 'error' })).toMatchObject({
      severityHint: null,
      severityText: 'error',
      severityField: 'level',
      title: 'db timeout',
    });
    expect(parseOne({ msg: 'crashed', level: 60 })).toMatchObject({ severityHint: 'critical', severityText: 'fatal' });
    expect(parseOne({ msg: 'slow', level: 40 })).toMatchObject({ severityHint: 'warning', severityText: 'warn' });
    expect(parseOne({ msg: 'x', level: 'error', severity: 'info' })).toMatchObject({
      severityHint: 'info',
      severityField: 'severity',
    });
    expect(parseOne({ title: 'x' })).toMatchObject({ severityHint: null, severityText: null, severityField: null });
  });

  it.each(['resolved', 'OK', 'recovered', 'closed'])('reads status %s as resolved', (status) => {
    expect(parseOne({ title: 't', status })?.status).toBe('resolved');
  });

  it.each(['firing', 'triggered', 'open', undefined])('reads status %s as firing', (status) => {
    expect(parseOne({ title: 't', status })?.status).toBe('firing');
  });

  it('takes the title from the message when there is none, and a body from description or body', () => {
    expect(parseOne({ message: 'Disk full on /var\nmore detail' })).toMatchObject({
      title: 'Disk full on /var',
      body: 'Disk full on /var\nmore detail',
    });
    expect(parseOne({ title: 'a', description: 'd' })?.body).toBe('d');
    expect(parseOne({ title: 'a', body: 'b' })?.body).toBe('b');
    expect(parseOne({ summary: 's' })?.title).toBe('s');
  });

  it('finds a service in labels, then app, source, host, else unknown', () => {
    expect(parseOne({ title: 't', labels: { service: 'payments' } })?.service).toBe('payments');
    expect(parseOne({ title: 't', source: 'github-actions' })?.service).toBe('github-actions');
    expect(parseOne({ title: 't', host: 'web-2' })).toMatchObject({ service: 'web-2', labels: { host: 'web-2' } });
    expect(parseOne({ title: 't' })?.service).toBe('unknown');
  });

  it('reads tags as an object or a "key:value" list', () => {
    expect(parseOne({ title: 't', tags: ['env:prod', 'canary'] })?.labels).toEqual({ env: 'prod', canary: 'true' });
    expect(parseOne({ title: 't', tags: { env: 'prod' }, labels: { env: 'staging' } })?.labels).toEqual({
      env: 'staging',
    });
  });

  it('fingerprints the same alert with other numbers, timestamps and status alike', () => {
    const a = parseOne({ title: 'Queue depth 1200 at 03:04', service: 'worker', severity: 'warning' });
    const b = parseOne({ title: 'Queue depth 5310 at 04:10', service: 'worker', severity: 'critical' });
    const resolved = parseOne({ title: 'Queue depth 12 at 05:00', service: 'worker', status: 'resolved' });
    const other = parseOne({ title: 'Queue depth 1200 at 03:04', service: 'mailer' });
    expect(b?.fingerprint).toBe(a?.fingerprint);
    expect(resolved?.fingerprint).toBe(a?.fingerprint);
    expect(other?.fingerprint).not.toBe(a?.fingerprint);
  });

  it("uses the sender's own dedup key when given", () => {
    const a = parseOne({ title: 'one', dedup_key: 'order-1234' });
    const b = parseOne({ title: 'two', dedup_key: 'order-1234' });
    const c = parseOne({ title: 'one', dedup_key: 'order-1235' });
    expect(a?.fingerprint).toBe(b?.fingerprint);
    expect(a?.fingerprint).not.toBe(c?.fingerprint);
  });

  it('rejects objects without a title or message', () => {
    expect(generic.detect({ severity: 'critical' })).toBe(false);
    expect(generic.detect({ title: 42 })).toBe(false);
    expect(() => generic.parse({ severity: 'critical' }, context)).toThrow(UserError);
    expect(() => generic.parse({ title: '   ' }, context)).toThrow(UserError);
    expect(() => generic.parse('text', context)).toThrow(UserError);
  });
});
