import { describe, expect, it, vi } from 'vitest';
import type { NormalizedAlert, TriageResult } from '../../core/alert.js';
import type { AlertGroup, RouteDecision } from '../../core/watch.js';
import { group, groupKeyOf } from './group.js';
import { ingest, ingestEach } from './ingest.js';
import { MAX_ATTEMPTS, processPending } from './process.js';
import { decide, route } from './route.js';
import { store } from './store.js';
import { triage } from './triage.js';
import { RejectedPayload, type PipelineDeps } from './types.js';

// Each stage alone, with its dependencies faked at the interface (the e2e tests use the real ones).

const NOW = new Date('2026-11-22T03:00:00Z');
const alert = (over: Partial<NormalizedAlert> = {}): NormalizedAlert => ({
  id: over.id ?? 'a1',
  source: 'generic',
  service: 'api',
  title: 'api down',
  body: '',
  labels: {},
  status: 'firing',
  severityHint: null,
  severityText: null,
  fingerprint: 'fp1',
  receivedAt: NOW.toISOString(),
  raw: null,
  ...over,
});
const result = (a: NormalizedAlert, severity: TriageResult['severity'] = 'critical'): TriageResult => ({
  alert: a,
  severity,
  confidence: 0.9,
  classifier: 'model',
  reason: 'm',
});
const groupOf = (over: Partial<AlertGroup> = {}): AlertGroup => ({
  id: 7,
  key: 'fp:fp1',
  service: 'api',
  title: 'api down',
  severity: 'critical',
  state: 'open',
  firstSeen: NOW,
  lastSeen: NOW,
  alertCount: 3,
  lastAlertId: 'a1',
  resolvedAt: null,
  routedAt: null,
  routedCount: 0,
  routedSeverity: null,
  ...over,
});

function deps(over: Partial<PipelineDeps> = {}): PipelineDeps {
  return {
    store: {
      enqueue: vi.fn(async () => {}),
      pending: vi.fn(async () => ({ alerts: [], unreadable: [] })),
      recordFailure: vi.fn(async () => false),
      commitGrouped: vi.fn(async () => []),
      groupsToRoute: vi.fn(async () => []),
      recordRoute: vi.fn(async () => {}),
    },
    parse: (incoming) => [alert({ id: String((incoming.payload as { id: string }).id) })],
    classify: async (a) => result(a),
    alertById: async (id) => alert({ id }),
    muted: async () => null,
    notifier: { wake: vi.fn(async () => {}) },
    settings: { groupWaitMs: 30_000, groupIntervalMs: 300_000, resolveTimeoutMs: 3_600_000 },
    now: () => NOW,
    ...over,
  };
}

describe('pipeline stages', () => {
  it('ingest normalizes every payload, and refuses the whole request when one is bad', async () => {
    expect((await ingest([{ payload: { id: 'x' } }, { payload: { id: 'y' } }], deps())).map((a) => a.id)).toEqual([
      'x',
      'y',
    ]);
    const failing = deps({
      parse: (incoming) => {
        if ((incoming.payload as { id: string }).id === 'bad') throw new Error('not an alert');
        return [alert()];
      },
    });
    await expect(ingest([{ payload: { id: 'ok' } }, { payload: { id: 'bad' } }], failing)).rejects.toThrow(
      RejectedPayload,
    );
  });

  it('ingestEach (a webhook body of many lines) sets a bad payload aside with its index, keeps the rest', async () => {
    const failing = deps({
      parse: (incoming) => {
        const { id } = incoming.payload as { id: string };
        if (id === 'bad') throw new Error('not an alert');
        return [alert({ id })];
      },
    });
    const batch = [{ payload: { id: 'a' } }, { payload: { id: 'bad' } }, { payload: { id: 'c' } }];
    const { alerts, rejected } = await ingestEach(batch, failing);
    expect(alerts.map((a) => a.id)).toEqual(['a', 'c']);
    expect(rejected).toEqual([{ index: 1, reason: 'not an alert' }]);
  });

  it('store enqueues the batch as one call and passes it on', async () => {
    const d = deps();
    const batch = [alert({ id: 'a' }), alert({ id: 'b' })];
    expect(await store(batch, d)).toEqual(batch);
    expect(d.store.enqueue).toHaveBeenCalledWith(batch);
  });

  it('triage classifies in order and reports each verdict with its time', async () => {
    const seen: string[] = [];
    const d = deps({
      classify: async (a) => result(a, a.id === 'b' ? 'info' : 'critical'),
      observe: (e) => e.kind === 'triaged' && seen.push(e.result.alert.id),
    });
    expect((await triage([alert({ id: 'a' }), alert({ id: 'b' })], d)).map((r) => r.severity)).toEqual([
      'critical',
      'info',
    ]);
    expect(seen).toEqual(['a', 'b']);
  });

  it('group keys on the fingerprint, or on the service and groupBy labels', async () => {
    const r = result(alert({ labels: { cluster: 'eu-1', pod: 'x-1' } }));
    expect(groupKeyOf(r, undefined)).toBe('fp:fp1');
    expect(groupKeyOf(r, ['cluster'])).toBe(
      groupKeyOf(result(alert({ fingerprint: 'other', labels: { cluster: 'eu-1', pod: 'y-2' } })), ['cluster']),
    );
    const d = deps();
    await group([r], d);
    expect(d.store.commitGrouped).toHaveBeenCalledWith([{ result: r, groupKey: 'fp:fp1' }], {
      now: NOW,
      staleAfterMs: 3_600_000,
    });
  });

  it('route wakes for critical, digests the rest and anything muted, records before waking', async () => {
    expect(await decide(groupOf(), deps())).toMatchObject({ target: 'wake', reason: 'critical, 3 alerts → wake' });
    expect(await decide(groupOf({ severity: 'warning' }), deps())).toMatchObject({ target: 'digest' });
    expect(await decide(groupOf(), deps({ muted: async () => 'silenced by #2' }))).toMatchObject({
      target: 'digest',
      reason: expect.stringContaining('silenced by #2'),
    });
    const order: string[] = [];
    const d = deps();
    d.store.recordRoute = vi.fn(async () => void order.push('record'));
    d.notifier.wake = vi.fn(async () => void order.push('wake'));
    await route([groupOf()], d);
    expect(order).toEqual(['record', 'wake']);
  });

  it('a failing notifier does not stop the other groups from being routed', async () => {
    const failures: unknown[] = [];
    const d = deps({
      notifier: {
        wake: async () => {
          throw new Error('twilio down');
        },
      },
      observe: (e) => e.kind === 'route-failed' && failures.push(e.error),
    });
    const routed = await route([groupOf({ id: 1 }), groupOf({ id: 2 })], d);
    expect(routed.map((r) => r.group.id)).toEqual([1, 2]);
    expect(failures).toHaveLength(2);
  });

  it('processPending drains the inbox in batches, then routes what is due', async () => {
    const inbox = Array.from({ length: 1200 }, (_, i) => alert({ id: `a${i}` }));
    const d = deps();
    d.store.pending = vi.fn(async (limit: number) => ({ alerts: inbox.splice(0, limit), unreadable: [] }));
    const due = [groupOf()];
    d.store.groupsToRoute = vi.fn(async () => due);
    const outcome = await processPending(d);
    expect(outcome).toEqual({ alerts: 1200, routed: 1, quarantined: 0 });
    expect(d.store.commitGrouped).toHaveBeenCalledTimes(3);
    expect(d.store.groupsToRoute).toHaveBeenCalledWith(NOW, { waitMs: 30_000, intervalMs: 300_000 });
    expect((d.store.recordRoute as ReturnType<typeof vi.fn>).mock.calls[0]![1] as RouteDecision).toMatchObject({
      target: 'wake',
    });
  });

  it('a poisoned alert fails alone: the rest of its batch is grouped; MAX_ATTEMPTS passes quarantine it', async () => {
    const inbox = [alert({ id: 'a' }), alert({ id: 'poison' }), alert({ id: 'b' })];
    const attempts = new Map<string, number>();
    const committed: string[] = [];
    const quarantined: string[] = [];
    const d = deps({
      classify: async (a) => {
        if (a.id === 'poison') throw new Error('invalid byte sequence for encoding "UTF8": 0x00');
        return result(a);
      },
      observe: (e) => e.kind === 'quarantined' && quarantined.push(e.id),
    });
    d.store.pending = vi.fn(async () => ({ alerts: [...inbox], unreadable: [] }));
    d.store.commitGrouped = vi.fn(async (items) => {
      for (const { result: r } of items) {
        committed.push(r.alert.id);
        inbox.splice(
          inbox.findIndex((a) => a.id === r.alert.id),
          1,
        );
      }
      return [];
    });
    d.store.recordFailure = vi.fn(async (id, _error, { maxAttempts }) => {
      const n = (attempts.get(id) ?? 0) + 1;
      attempts.set(id, n);
      if (n < maxAttempts) return false;
      inbox.splice(
        inbox.findIndex((a) => a.id === id),
        1,
      );
      return true;
    });
    expect(await processPending(d)).toMatchObject({ alerts: 2, quarantined: 0 });
    expect(committed).toEqual(['a', 'b']);
    for (let pass = 2; pass <= MAX_ATTEMPTS; pass++) await processPending(d);
    expect(quarantined).toEqual(['poison']);
    expect(inbox).toEqual([]);
  });

  it('a store that fails for every alert fails the pass, quarantines nothing (an outage is not poison)', async () => {
    const d = deps();
    d.store.pending = vi.fn(async () => ({ alerts: [alert({ id: 'a' }), alert({ id: 'b' })], unreadable: [] }));
    d.store.commitGrouped = vi.fn(async () => {
      throw new Error('Connection terminated unexpectedly');
    });
    d.store.recordFailure = vi.fn(async () => {
      throw new Error('Connection terminated unexpectedly');
    });
    await expect(processPending(d)).rejects.toThrow(/Connection terminated/);
  });

  it('an inbox row that cannot be read is quarantined at once and does not stop the others', async () => {
    const d = deps();
    let served = false;
    d.store.pending = vi.fn(async () => {
      if (served) return { alerts: [], unreadable: [] };
      served = true;
      return { alerts: [alert({ id: 'a' })], unreadable: [{ id: 'bad', error: 'not JSON' }] };
    });
    const outcome = await processPending(d);
    expect(outcome).toMatchObject({ alerts: 1, quarantined: 1 });
    expect(d.store.recordFailure).toHaveBeenCalledWith('bad', 'not JSON', { now: NOW, maxAttempts: 1 });
  });
});
