import { describe, expect, it } from 'vitest';
import { planLadder, worstCaseCost } from './plan.js';
import { inQuietHours } from './quiet-hours.js';

describe('inQuietHours', () => {
  const seoul = { start: '23:00', end: '08:00', timezone: 'Asia/Seoul' };
  it('reads the span on the person’s wall clock, across midnight', () => {
    expect(inQuietHours(new Date('2026-11-22T13:59:00Z'), seoul)).toBe(false); // 22:59 in Seoul
    expect(inQuietHours(new Date('2026-11-22T14:00:00Z'), seoul)).toBe(true); // 23:00
    expect(inQuietHours(new Date('2026-11-22T18:30:00Z'), seoul)).toBe(true); // 03:30
    expect(inQuietHours(new Date('2026-11-22T23:00:00Z'), seoul)).toBe(false); // 08:00
    expect(inQuietHours(new Date('2026-11-22T18:30:00Z'), undefined)).toBe(false);
  });

  it('follows daylight saving time (Berlin, 01:00–06:00, the night the clocks go back)', () => {
    const berlin = { start: '01:00', end: '06:00', timezone: 'Europe/Berlin' };
    // 2026-10-25: 03:00 CEST becomes 02:00 CET. 04:30Z is 05:30 CET, inside; 05:30Z is 06:30 CET, outside.
    expect(inQuietHours(new Date('2026-10-25T04:30:00Z'), berlin)).toBe(true);
    expect(inQuietHours(new Date('2026-10-25T05:30:00Z'), berlin)).toBe(false);
    // In summer the same UTC instant 04:30Z is 06:30 CEST: outside.
    expect(inQuietHours(new Date('2026-07-01T04:30:00Z'), berlin)).toBe(false);
  });

  it('a span inside one day works too, and start = end means none', () => {
    expect(inQuietHours(new Date('2026-11-22T13:00:00Z'), { start: '12:00', end: '14:00', timezone: 'UTC' })).toBe(
      true,
    );
    expect(inQuietHours(new Date('2026-11-22T13:00:00Z'), { start: '08:00', end: '08:00', timezone: 'UTC' })).toBe(
      false,
    );
  });
});

describe('planLadder', () => {
  const start = new Date('2026-11-22T03:00:00Z');
  const offsets = (steps: ReturnType<typeof planLadder>) =>
    steps.map((s) => [s.channel, (s.at.getTime() - start.getTime()) / 60_000]);
  it('leaves out what is not configured', () => {
    const only = (names: string[]) => ({
      calls: 4,
      callIntervalMs: 180_000,
      sms: true,
      fallbacks: ['email' as const],
      available: new Set(names as never[]),
    });
    expect(offsets(planLadder(only(['call', 'sms', 'email']), start))).toEqual([
      ['call', 0],
      ['call', 3],
      ['call', 6],
      ['call', 9],
      ['sms', 12],
      ['email', 12],
    ]);
    expect(offsets(planLadder(only(['email']), start))).toEqual([['email', 0]]);
    const full = planLadder(only(['call', 'sms', 'email']), start);
    expect(worstCaseCost(full, { callMinute: 0.014, sms: 0.0083 })).toBe(0.0643);
  });
});
