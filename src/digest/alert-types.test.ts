import { describe, expect, it } from 'vitest';
import type { Ladder } from '../core/wake.js';
import type { AlertGroup } from '../core/watch.js';
import { buildDigest, type DigestInput, type DigestSourceAlert } from './build.js';
import { renderHtml, renderMarkdown, renderText } from './render/index.js';
import { fixedWindow } from './window.js';

// Alerts stored by `soloops triage` have no group: the digest groups them itself, by watch's rules.

const window = fixedWindow(new Date('2026-11-22T14:00:00Z'), new Date('2026-11-22T23:00:00Z'), 'Asia/Seoul');
const at = (hhmmUtc: string) => new Date(`2026-11-22T${hhmmUtc}:00Z`);
let next = 0;

function alert(over: Partial<DigestSourceAlert> & { service: string; title: string }): DigestSourceAlert {
  next++;
  return {
    id: `${String(next).padStart(8, '0')}-0000-8000-8000-000000000000`,
    receivedAt: at('15:00'),
    source: 'generic',
    body: '',
    labels: {},
    status: 'firing',
    severity: 'warning',
    link: null,
    fingerprint: `fp:${over.title}`,
    groupId: null,
    groupKey: `fp:fp:${over.title}`,
    ...over,
  };
}

function group(id: number, over: Partial<AlertGroup> = {}): AlertGroup {
  return {
    id,
    key: `k${id}`,
    service: 'db',
    title: `group ${id}`,
    severity: 'critical',
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

function ladder(groupId: number, steps: Ladder['steps'], state: Ladder['state'] = 'exhausted'): Ladder {
  const base = { id: groupId, groupId, state, steps, nextStep: steps.length, nextAt: null };
  return { ...base, startedAt: at('18:10'), ackedAt: null, ackedVia: null };
}

function digestOf(over: Partial<DigestInput>) {
  return buildDigest({
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
    ...over,
  });
}

describe('the digest groups every alert of its window', () => {
  it('groups alerts without a group by service and key, and the totals agree with the groups', () => {
    const alerts = [
      alert({ service: 'db', title: 'Disk full', severity: 'critical', receivedAt: at('15:00') }),
      alert({ service: 'db', title: 'Disk full', severity: 'critical', receivedAt: at('15:05') }),
      alert({ service: 'worker', title: 'queue lag high', receivedAt: at('15:10') }),
      alert({ service: 'unknown', title: 'postgres killed', severity: 'critical', receivedAt: at('15:20') }),
    ];
    const digest = digestOf({ alerts });
    expect(digest.totals).toMatchObject({ alerts: 4, groups: 3, woke: 0, waited: 4 });
    const counted = digest.services.reduce((n, s) => n + s.groups.reduce((m, g) => m + g.count, 0), 0);
    expect(counted).toBe(digest.totals.alerts);
    const db = digest.services.find((s) => s.service === 'db')!;
    expect(db.groups).toHaveLength(1);
    expect(db.groups[0]).toMatchObject({
      groupId: null,
      count: 2,
      severity: 'critical',
      ref: alerts[1]!.id.slice(0, 8),
    });
    const text = renderText(digest, { color: false });
    expect(text).toContain('4 alerts · 0 woke you · 4 waited');
    expect(text).toContain(`CRITICAL ${alerts[1]!.id.slice(0, 8)} Disk full`);
    expect(renderHtml(digest)).toContain(`id="type-${alerts[1]!.id.slice(0, 8)}"`);
  });

  it('puts an alert without a group in the watch group of its type, and starts a new one after a resolve', () => {
    const watched = group(5, { key: 'fp:disk', title: 'Disk full', severity: 'warning', lastSeen: at('15:00') });
    const alerts = [
      alert({ service: 'db', title: 'Disk full', groupId: 5, groupKey: 'fp:disk', receivedAt: at('15:00') }),
      alert({ service: 'db', title: 'Disk full', groupKey: 'fp:disk', receivedAt: at('15:30') }),
      alert({ service: 'db', title: 'Disk full', groupKey: 'fp:disk', status: 'resolved', receivedAt: at('15:40') }),
    ];
    const digest = digestOf({ alerts, groups: [watched] });
    expect(digest.services).toHaveLength(1);
    expect(digest.services[0]!.groups).toHaveLength(1);
    // Shown as the group seen last (the one the digest formed, resolved), numbered as watch's.
    expect(digest.services[0]!.groups[0]).toMatchObject({ groupId: 5, ref: '#5', count: 3, resolvedAt: at('15:40') });
  });
});

describe('nobody is woken silently', () => {
  it('a ladder stored with no step (no channel configured) would have woken you; it never "woke you"', () => {
    const critical = group(7, { key: 'fp:down', title: 'site down' });
    const alerts = [alert({ service: 'db', title: 'site down', groupId: 7, severity: 'critical' })];
    const digest = digestOf({ alerts, groups: [critical], ladders: [{ ladder: ladder(7, []), calls: 0, sms: 0 }] });
    expect(digest.totals).toMatchObject({ woke: 0, wouldHaveWoken: 1, wakeFailed: 0, waited: 0 });
    expect(digest.services[0]!.groups[0]!.woke?.outcome).toBe('no-channel');
    for (const rendered of [renderText(digest, { color: false }), renderMarkdown(digest)]) {
      expect(rendered).toContain('1 would have woken you (no channel configured)');
      expect(rendered).not.toMatch(/Woke you|1 woke you|[^ ]woke you \d/);
    }
  });

  it('a ladder whose every step failed says so', () => {
    const critical = group(8, { key: 'fp:down', title: 'site down' });
    const steps = [{ channel: 'call' as const, at: at('18:10') }];
    const alerts = [alert({ service: 'db', title: 'site down', groupId: 8, severity: 'critical' })];
    const digest = digestOf({
      alerts,
      groups: [critical],
      ladders: [{ ladder: ladder(8, steps), calls: 0, sms: 0, delivered: 0 }],
    });
    expect(digest.totals).toMatchObject({ woke: 0, wakeFailed: 1 });
    expect(renderText(digest, { color: false })).toContain('Tried to wake you: every attempt failed');
  });
});

describe('the digest never contradicts itself', () => {
  it('an empty window with groups still firing from before is not a quiet night, and counts their alerts', () => {
    const old = group(9, { title: 'replication lag', firstSeen: new Date('2026-11-20T12:00:00Z'), alertCount: 12 });
    const text = renderText(digestOf({ openNow: [old] }), { color: false });
    expect(text).not.toContain('Quiet night');
    expect(text).toContain('Nothing new fired in this window; 1 alert group from before is still firing.');
    expect(text).toContain('12 alerts before this window');
    expect(text).not.toContain('0 alerts');
  });

  it('names both ends of a window of a day or more', () => {
    const day = fixedWindow(new Date('2026-11-22T04:41:00Z'), new Date('2026-11-23T04:41:00Z'), 'Asia/Seoul');
    expect(day.label).toBe('Sun 22 Nov 13:41 – Mon 23 Nov 13:41 Asia/Seoul');
  });

  it('the HTML carries no developer comment', () => {
    expect(renderHtml(digestOf({}))).not.toContain('<!--');
  });
});
