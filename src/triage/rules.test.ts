import { describe, expect, it } from 'vitest';
import type { NormalizedAlert } from '../core/alert.js';
import { UserError } from '../core/errors.js';
import { compileRules, firstMatchingRule } from './rules.js';

const alert = (over: Partial<NormalizedAlert>): NormalizedAlert => ({
  id: 'x',
  source: 'generic',
  service: 'api',
  title: 'Slow query',
  body: '',
  labels: {},
  status: 'firing',
  severityHint: null,
  severityText: null,
  fingerprint: 'f',
  receivedAt: '2026-11-22T00:00:00Z',
  raw: {},
  ...over,
});

describe('triage rules', () => {
  const rules = compileRules([
    { name: 'cron-is-noise', match: { service: 'cron-*' }, severity: 'info' },
    { name: 'payments', match: { service: 'payments', labels: { env: 'prod' } }, severity: 'critical' },
    { name: 'regex-title', match: { title: '/disk (9\\d|100)%/i' }, severity: 'critical' },
  ]);

  it('matches globs case-insensitively, regexes as written, and labels', () => {
    expect(firstMatchingRule(rules, alert({ service: 'CRON-backup' }))?.name).toBe('cron-is-noise');
    expect(firstMatchingRule(rules, alert({ service: 'payments', labels: { env: 'prod' } }))?.name).toBe('payments');
    expect(firstMatchingRule(rules, alert({ service: 'payments', labels: { env: 'staging' } }))).toBeUndefined();
    expect(firstMatchingRule(rules, alert({ title: 'Disk 93% full' }))?.name).toBe('regex-title');
    expect(firstMatchingRule(rules, alert({ title: 'Disk 42% full' }))).toBeUndefined();
  });

  it('takes the first matching rule', () => {
    const ordered = compileRules([
      { match: { source: 'generic' }, severity: 'warning' },
      { match: { service: 'api' }, severity: 'critical' },
    ]);
    expect(firstMatchingRule(ordered, alert({}))).toMatchObject({ name: '#1', severity: 'warning' });
  });

  it('names the rule and the field of a bad regular expression', () => {
    expect(() => compileRules([{ name: 'broken', match: { title: '/([/' }, severity: 'info' }])).toThrow(UserError);
    expect(() => compileRules([{ name: 'broken', match: { title: '/([/' }, severity: 'info' }])).toThrow(
      /triage\.rules\[0\] \(broken\)\.match\.title/,
    );
  });
});
