import { describe, expect, it } from 'vitest';
import { appendPoint, eventMatches, pct, previousMonth, uptime } from './format.js';

describe('console formatting', () => {
  it('writes percentages as the Hosts page shows them', () => {
    expect(pct(42.4)).toBe('42 %');
    expect(pct(3.14)).toBe('3.1 %');
    expect(pct(null)).toBe('—');
    expect(uptime(99.95)).toBe('99.95 %');
    expect(uptime(0)).toBe('0.00 %');
    expect(uptime(null)).toBe('—');
  });

  it('matches live event types, with incident.* for every incident event', () => {
    expect(eventMatches(['status', 'incident.*'], 'incident.updated')).toBe(true);
    expect(eventMatches(['status', 'incident.*'], 'status')).toBe(true);
    expect(eventMatches(['status', 'incident.*'], 'host')).toBe(false);
  });

  it('takes the month before, across a year', () => {
    expect(previousMonth(new Date('2026-01-15T00:00:00Z'))).toBe('2025-12');
    expect(previousMonth(new Date('2026-12-05T04:00:00Z'))).toBe('2026-11');
  });

  it('appends live points, drops those out of range and ignores repeats', () => {
    const points = [{ at: '2026-12-05T00:00:00Z' }, { at: '2026-12-05T00:30:00Z' }];
    const next = appendPoint(points, { at: '2026-12-05T01:10:00Z' }, 3_600_000);
    expect(next.map((p) => p.at)).toEqual(['2026-12-05T00:30:00Z', '2026-12-05T01:10:00Z']);
    expect(appendPoint(next, { at: '2026-12-05T01:10:00Z' }, 3_600_000)).toBe(next);
  });
});
