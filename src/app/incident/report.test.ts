import { describe, expect, it } from 'vitest';
import { UserError } from '../../core/errors.js';
import { reportPeriod } from './report.js';

describe('reportPeriod', () => {
  const now = new Date('2026-12-04T22:00:00Z');

  it("defaults to the last full month in the person's zone", () => {
    // Already 5 December in Seoul; still 4 December in UTC: November either way.
    expect(reportPeriod({}, 'Asia/Seoul', now)).toEqual({
      from: new Date('2026-10-31T15:00:00Z'),
      to: new Date('2026-11-30T15:00:00Z'),
      label: '2026-11',
    });
    expect(reportPeriod({}, 'UTC', new Date('2027-01-01T00:00:00Z')).label).toBe('2026-12');
  });

  it('takes a month, or days with --to included', () => {
    expect(reportPeriod({ month: '2026-02' }, 'UTC', now)).toMatchObject({
      from: new Date('2026-02-01T00:00:00Z'),
      to: new Date('2026-03-01T00:00:00Z'),
    });
    expect(reportPeriod({ from: '2026-11-01', to: '2026-11-07' }, 'Europe/Paris', now)).toEqual({
      from: new Date('2026-10-31T23:00:00Z'),
      to: new Date('2026-11-07T23:00:00Z'),
      label: '2026-11-01 – 2026-11-07',
    });
  });

  it('refuses what it cannot read, saying what to give', () => {
    expect(() => reportPeriod({ month: '11/2026' }, 'UTC', now)).toThrow(UserError);
    expect(() => reportPeriod({ from: '2026-11-01' }, 'UTC', now)).toThrow('--from and --to go together');
    expect(() => reportPeriod({ month: '2026-11', from: '2026-11-01', to: '2026-11-02' }, 'UTC', now)).toThrow(
      'cannot be combined',
    );
    expect(() => reportPeriod({ from: '2026-11-05', to: '2026-11-01' }, 'UTC', now)).toThrow('before');
  });
});
