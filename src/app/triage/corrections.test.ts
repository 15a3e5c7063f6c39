import { describe, expect, it } from 'vitest';
import { UserError } from '../../core/errors.js';
import { correctionsToForget, latestPerType, type PersonVerdict } from './corrections.js';

function verdict(type: string, alertId: string | null, at: string, severity: PersonVerdict['severity'] = 'info') {
  return { type, fingerprint: null, severity, at, alertId, title: type, taughtId: alertId ? null : 1 };
}

const list: PersonVerdict[] = [
  verdict('generic|db|lag high', '1a2b3c4d-0000-4000-8000-000000000001', '2026-11-01T00:00:00.000Z', 'warning'),
  verdict('generic|db|lag high', '1a2b3c4d-0000-4000-8000-000000000002', '2026-11-02T00:00:00.000Z'),
  verdict('text|cron|backup done', null, '2026-11-03T00:00:00.000Z'),
];

describe('correctionsToForget', () => {
  it('takes a type as listed (any case) and every verdict on it', () => {
    expect(correctionsToForget(list, 'GENERIC|db|lag high ')).toHaveLength(2);
    expect(correctionsToForget(list, 'text|cron|backup done')).toEqual([list[2]]);
  });

  it('takes an alert id or a unique prefix of at least 8 characters', () => {
    expect(correctionsToForget(list, '1a2b3c4d-0000-4000-8000-000000000002')).toEqual([list[1]]);
    expect(correctionsToForget(list, '1A2B3C4D-0000-4000-8000-000000000001')).toEqual([list[0]]);
  });

  it('refuses an ambiguous prefix, a short one and an unknown target (UserError, exit 2)', () => {
    expect(() => correctionsToForget(list, '1a2b3c4d')).toThrow(/matches corrections from 2 alerts/);
    expect(() => correctionsToForget(list, '1a2b')).toThrow(UserError);
    expect(() => correctionsToForget(list, 'generic|db|nothing')).toThrow(/no correction has the type or alert id/);
  });
});

describe('latestPerType', () => {
  it('keeps the latest verdict of each type, ordered by when it was given', () => {
    expect(latestPerType(list).map((v) => [v.type, v.severity])).toEqual([
      ['generic|db|lag high', 'info'],
      ['text|cron|backup done', 'info'],
    ]);
  });
});
