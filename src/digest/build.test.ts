import { describe, expect, it } from 'vitest';
import type { AlertGroup } from '../core/watch.js';
import { buildDigest, type DigestSourceAlert } from './build.js';
import { nightsFired, patternOf } from './patterns.js';
import { fixedWindow, nightWindow } from './window.js';

// 23:00–08:00 in Seoul
const window = fixedWindow(new Date('2026-11-22T14:00:00Z'), new Date('2026-11-22T23:00:00Z'), 'Asia/Seoul');
const at = (hhmmUtc: string) => new Date(`2026-11-22T${hhmmUtc}:00Z`);

function group(id: number, over: Partial<AlertGroup> = {}): AlertGroup {
  return {
    id,
    key: `k${id}`,
    service: 'api',
    title: `group ${id}`,
    severity: 'warning',
    state: 'open',
    firstSeen: at('15:00'),
    lastSeen: at('16:00'),
    alertCount: 1,
    lastAlertId: `a${id}`,
    resolvedAt: null,
    routedAt: null,
    routedCount: 0,
    routedSeverity: null,
    ...over,
  };
}
function alert(id: string, groupId: number, over: Partial<DigestSourceAlert> = {}): DigestSourceAlert {
  return {
    id,
    receivedAt: at('15:00'),
    source: 'generic',
    title: 't',
    body: '',
    labels: {},
    status: 'firing',
    severity: 'warning',
    link: null,
    service: 'api',
    fingerprint: `fp${groupId}`,
    groupId,
    groupKey: `k${groupId}`,
    ...over,
  };
}

describe('buildDigest', () => {
  it('puts what woke the person first, groups the rest by service and type, and marks what fires often', () => {
    const payments = group(1, {
      service: 'payments',
      title: 'card payments failing',
      severity: 'critical',
      resolvedAt: at('18:40'),
      firstSeen: at('18:10'),
      state: 'resolved',
    });
    const cron = group(2, { service: 'cron', title: 'backup job failed' });
    const queue = group(3, { service: 'worker', title: 'queue lag high' });
    const alerts = [
      alert('p1', 1, {
        service: 'payments',
        title: 'card payments failing',
        body: 'decline rate 97%',
        severity: 'critical',
        receivedAt: at('18:10'),
        labels: { host: 'pay-1' },
      }),
      alert('c1', 2, { service: 'cron', title: 'backup job failed', receivedAt: at('18:00') }),
      ...Array.from({ length: 12 }, (_, i) =>
        alert(`q${i}`, 3, {
          service: 'worker',
          title: 'queue lag high',
          body: `lag ${100 + i} ms`,
          receivedAt: at(`1${5 + (i % 4)}:0${i % 10}`),
        }),
      ),
    ];
    const nights = [1, 2, 3, 4, 5].map((d) => new Date(at('18:00').getTime() - d * 86_400_000));
    const digest = buildDigest({
      window,
      now: at('23:05'),
      alerts,
      groups: [payments, cron, queue],
      openNow: [queue],
      ladders: [
        {
          ladder: {
            id: 1,
            groupId: 1,
            state: 'acked',
            steps: [{ channel: 'call', at: at('18:10') }],
            nextStep: 1,
            nextAt: null,
            startedAt: at('18:10'),
            ackedAt: at('18:12'),
            ackedVia: 'call',
          },
          calls: 1,
          sms: 0,
        },
      ],
      firings: [...nights, at('18:00')].map((receivedAt) => ({ fingerprint: 'fp2', receivedAt })),
      checks: [
        { check: 'shop', at: at('15:00'), ok: true, status: 200, ms: 120, errorType: null, error: null },
        { check: 'shop', at: at('15:01'), ok: false, status: null, ms: 7000, errorType: 'timeout', error: 'timeout' },
        { check: 'shop', at: at('15:04'), ok: true, status: 200, ms: 90, errorType: null, error: null },
      ],
      spend: { calls: 1, sms: 0, costUsd: 0.014 },
      deliveryProblems: [],
    });
    expect(digest.totals).toEqual({ alerts: 14, groups: 3, woke: 1, wouldHaveWoken: 0, wakeFailed: 0, waited: 13 });
    expect(digest.services.map((s) => s.service)).toEqual(['payments', 'worker', 'cron']);
    const [pay] = digest.services[0]!.groups;
    expect(pay).toMatchObject({ woke: { calls: 1, ackedVia: 'call', outcome: 'woke' }, durationMinutes: 30 });
    expect(pay!.summary).toBe(
      'card payments failing: fired once on pay-1 at 03:10 (generic). Peak 97%. Resolved at 03:40 after 30 min.',
    );
    const cronGroup = digest.services[2]!.groups[0]!;
    expect(cronGroup.pattern).toMatchObject({
      nights: 6,
      outOf: 7,
      reason: 'fired on 6 of the last 7 nights',
      suggestion: 'soloops triage feedback c1 wrong --severity info',
    });
    expect(digest.services[1]!.groups[0]!.pattern?.reason).toBe('fired 12 times tonight');
    expect(digest.stillFiring.map((g) => g.groupId)).toEqual([3]);
    expect(digest.checks).toEqual([
      {
        check: 'shop',
        probes: 3,
        uptimePct: 66.7,
        downMinutes: 3,
        slowest: [
          { at: at('15:01'), ms: 7000 },
          { at: at('15:00'), ms: 120 },
          { at: at('15:04'), ms: 90 },
        ],
      },
    ]);
  });

  it('an empty night is still a digest', () => {
    const digest = buildDigest({
      window,
      now: at('23:05'),
      alerts: [],
      groups: [],
      openNow: [],
      ladders: [],
      firings: [],
      checks: [],
      spend: { calls: 0, sms: 0, costUsd: 0 },
      deliveryProblems: [],
    });
    expect(digest.totals).toEqual({ alerts: 0, groups: 0, woke: 0, wouldHaveWoken: 0, wakeFailed: 0, waited: 0 });
    expect(digest.services).toEqual([]);
  });
});

describe('patterns', () => {
  it('counts nights, not alerts, and suggests a silence (never a downgrade) for a critical', () => {
    const end = new Date('2026-11-22T23:00:00Z');
    const times = [0, 0.1, 1.5, 3.2].map((d) => new Date(end.getTime() - d * 86_400_000 - 1));
    expect(nightsFired(times, end, 7)).toBe(3);
    const p = patternOf(
      { title: "db's backup", service: 'db', severity: 'critical', latestAlertId: 'abcdef123456' },
      times,
      11,
      end,
    );
    expect(p?.suggestion).toBe(
      `soloops watch silence add --match service='db' --match title='db'\\''s backup' ` +
        `--for 7d --comment 'fired 11 times tonight; fix the cause'`,
    );
  });
});

describe('nightWindow', () => {
  it('is last night at 08:05, the night so far at 03:00, on the person’s clock', () => {
    const at805 = nightWindow({ start: '23:00', end: '08:00' }, 'Asia/Seoul', new Date('2026-11-22T23:05:00Z'));
    expect([at805.from.toISOString(), at805.to.toISOString()]).toEqual([
      '2026-11-22T14:00:00.000Z',
      '2026-11-22T23:00:00.000Z',
    ]);
    expect(at805.label).toBe('Sun 22 Nov, 23:00–08:00 (Mon 23 Nov) Asia/Seoul');
    const at3 = nightWindow({ start: '23:00', end: '08:00' }, 'Asia/Seoul', new Date('2026-11-22T18:00:00Z'));
    expect([at3.from.toISOString(), at3.to.toISOString()]).toEqual([
      '2026-11-22T14:00:00.000Z',
      '2026-11-22T18:00:00.000Z',
    ]);
  });

  it('a night across a DST change is as long as the wall clock says (Berlin, 25 Oct 2026: 10 h)', () => {
    const w = nightWindow({ start: '23:00', end: '08:00' }, 'Europe/Berlin', new Date('2026-10-25T09:00:00Z'));
    expect((w.to.getTime() - w.from.getTime()) / 3_600_000).toBe(10);
  });
});
