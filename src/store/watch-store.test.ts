import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { NormalizedAlert, Severity, TriageResult } from '../core/alert.js';
import { useStoreBackends } from '../../test/helpers/store-backends.js';
import path from 'node:path';
import Sqlite from 'better-sqlite3';
import pg from 'pg';
import type { Store, StoreOptions } from './index.js';
import { SQLITE_FILE } from './types.js';

// The watch tables (inbox, groups, routes, checks, silences) on both backends, through Store.watch.

const { backends, open } = await useStoreBackends('watch-store');
const T0 = new Date('2026-11-22T03:00:00.000Z');
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);

function alert(overrides: Partial<NormalizedAlert> = {}): NormalizedAlert {
  return {
    id: randomUUID(),
    source: 'generic',
    service: 'api',
    title: 'api is down',
    body: '',
    labels: {},
    status: 'firing',
    severityHint: null,
    severityText: null,
    fingerprint: 'fp-api-down',
    receivedAt: T0.toISOString(),
    raw: { title: 'api is down' },
    ...overrides,
  };
}
const triaged = (a: NormalizedAlert, severity: Severity = 'critical'): TriageResult => ({
  alert: a,
  severity,
  confidence: 0.9,
  classifier: 'model',
  reason: 'model',
});

describe.each(backends)('watch store on $name', (backend) => {
  const test = it.skipIf(backend.skip !== undefined);
  const fresh = async (): Promise<Store> => open(await backend.fresh());

  test('keeps accepted alerts in the inbox, in order, until they are committed with their group', async () => {
    const store = await fresh();
    const alerts = [alert({ title: 'first' }), alert({ title: 'second' })];
    await store.watch.enqueue(alerts);
    expect((await store.watch.pending(10)).alerts.map((a) => a.title)).toEqual(['first', 'second']);
    const groups = await store.watch.commitGrouped(
      alerts.map((a) => ({ result: triaged(a), groupKey: a.fingerprint })),
      { now: T0, staleAfterMs: 3_600_000 },
    );
    expect(groups).toHaveLength(1);
    expect(groups[0]).toMatchObject({ alertCount: 2, state: 'open', severity: 'critical' });
    expect(await store.watch.pending(10)).toEqual({ alerts: [], unreadable: [] });
    expect((await store.getAlert(alerts[1]!.id))?.groupId).toBe(groups[0]!.id);
  });

  test('a storm of one incident is one group; a resolved alert closes it; a stale group is not joined', async () => {
    const store = await fresh();
    const storm = Array.from({ length: 500 }, () => alert());
    await store.watch.enqueue(storm);
    const [group] = await store.watch.commitGrouped(
      storm.map((a) => ({ result: triaged(a, 'warning'), groupKey: 'k' })),
      { now: at(5), staleAfterMs: 60_000 },
    );
    expect(group).toMatchObject({ alertCount: 500, severity: 'warning' });
    const escalation = alert();
    const [escalated] = await store.watch.commitGrouped([{ result: triaged(escalation, 'critical'), groupKey: 'k' }], {
      now: at(10),
      staleAfterMs: 60_000,
    });
    expect(escalated).toMatchObject({ id: group!.id, alertCount: 501, severity: 'critical' });
    expect(await store.watch.openGroupCount()).toBe(1);
    const resolved = alert({ status: 'resolved' });
    const [closed] = await store.watch.commitGrouped([{ result: triaged(resolved, 'info'), groupKey: 'k' }], {
      now: at(20),
      staleAfterMs: 60_000,
    });
    expect(closed).toMatchObject({ id: group!.id, state: 'resolved', severity: 'critical' });
    const [next] = await store.watch.commitGrouped([{ result: triaged(alert()), groupKey: 'k' }], {
      now: at(30),
      staleAfterMs: 60_000,
    });
    expect(next!.id).not.toBe(group!.id);
    const [afterSilence] = await store.watch.commitGrouped([{ result: triaged(alert()), groupKey: 'k' }], {
      now: at(200),
      staleAfterMs: 60_000,
    });
    expect(afterSilence!.id).not.toBe(next!.id);
  });

  test('routes a group after group_wait, again only for news after group_interval, at once on escalation', async () => {
    const store = await fresh();
    const wait = { waitMs: 30_000, intervalMs: 300_000 };
    const [group] = await store.watch.commitGrouped([{ result: triaged(alert(), 'warning'), groupKey: 'k' }], {
      now: T0,
      staleAfterMs: 3_600_000,
    });
    expect(await store.watch.groupsToRoute(at(10), wait)).toEqual([]);
    const [due] = await store.watch.groupsToRoute(at(31), wait);
    expect(due?.id).toBe(group!.id);
    await store.watch.recordRoute(due!, { target: 'digest', severity: 'warning', reason: 'warning → digest' }, at(31));
    expect(await store.watch.groupsToRoute(at(400), wait)).toEqual([]);
    await store.watch.commitGrouped([{ result: triaged(alert(), 'warning'), groupKey: 'k' }], {
      now: at(40),
      staleAfterMs: 3_600_000,
    });
    expect(await store.watch.groupsToRoute(at(100), wait)).toEqual([]);
    expect((await store.watch.groupsToRoute(at(400), wait)).map((g) => g.id)).toEqual([group!.id]);
    await store.watch.commitGrouped([{ result: triaged(alert(), 'critical'), groupKey: 'k' }], {
      now: at(50),
      staleAfterMs: 3_600_000,
    });
    expect((await store.watch.groupsToRoute(at(51), wait)).map((g) => g.severity)).toEqual(['critical']);
    expect((await store.watch.listRoutes({ groupId: group!.id })).map((r) => r.target)).toEqual(['digest']);
  });

  test('gives due groups a bounded page, oldest first; the next page once those are routed', async () => {
    const store = await fresh();
    const wait = { waitMs: 30_000, intervalMs: 300_000 };
    const items = Array.from({ length: 700 }, (_, i) => ({
      result: triaged(alert({ fingerprint: `fp-${i}` }), 'critical'),
      groupKey: `k${i}`,
    }));
    await store.watch.commitGrouped(items, { now: T0, staleAfterMs: 3_600_000 });
    const first = await store.watch.groupsToRoute(at(1), wait);
    expect(first.length).toBeGreaterThan(0);
    expect(first.length).toBeLessThan(700);
    const decision = { target: 'wake', severity: 'critical', reason: 'critical → wake' } as const;
    for (const g of first) await store.watch.recordRoute(g, decision, at(1));
    const second = await store.watch.groupsToRoute(at(1), wait);
    expect(first.length + second.length).toBe(700);
    expect(Math.min(...second.map((g) => g.id))).toBeGreaterThan(Math.max(...first.map((g) => g.id)));
  });

  test('stores check results and returns the newest per check; silences start, end and expire', async () => {
    const store = await fresh();
    await store.watch.recordCheckResult({
      check: 'web',
      at: at(0),
      ok: false,
      status: null,
      ms: 7000,
      errorType: 'timeout',
      error: 'no answer',
    });
    await store.watch.recordCheckResult({
      check: 'web',
      at: at(60),
      ok: true,
      status: 200,
      ms: 12.5,
      errorType: null,
      error: null,
    });
    await store.watch.recordCheckResult({
      check: 'db',
      at: at(30),
      ok: false,
      status: null,
      ms: 1,
      errorType: 'connection',
      error: 'ECONNREFUSED',
    });
    const latest = await store.watch.latestCheckResults();
    expect(latest.map((r) => [r.check, r.ok, r.errorType])).toEqual([
      ['db', false, 'connection'],
      ['web', true, null],
    ]);
    expect(latest[1]!.at.toISOString()).toBe(at(60).toISOString());

    const id = await store.silences.add(
      { matchers: { service: 'api' }, startsAt: at(0), endsAt: at(7200), comment: 'deploy' },
      at(0),
    );
    expect((await store.silences.active(at(10))).map((s) => s.matchers)).toEqual([{ service: 'api' }]);
    expect(await store.silences.active(at(7200))).toEqual([]);
    expect(await store.silences.expire(id, at(20))).toBe(true);
    expect(await store.silences.active(at(30))).toEqual([]);
    expect(await store.silences.expire(id, at(40))).toBe(false);
  });

  test('after maxAttempts failures an alert is dead-lettered with its error; the inbox shows what waits', async () => {
    const store = await fresh();
    const [poison, good] = [
      alert({ title: 'poisoned', receivedAt: at(0).toISOString() }),
      alert({ title: 'fine', receivedAt: at(1).toISOString() }),
    ];
    await store.watch.enqueue([poison, good]);
    expect(await store.watch.inboxState()).toEqual({ waiting: 2, oldest: T0 });
    expect(await store.watch.recordFailure(poison.id, 'boom', { now: at(10), maxAttempts: 2 })).toBe(false);
    expect(await store.watch.recordFailure(poison.id, 'boom again', { now: at(20), maxAttempts: 2 })).toBe(true);
    expect((await store.watch.pending(10)).alerts.map((a) => a.title)).toEqual(['fine']);
    const dead = await store.watch.deadLetters();
    expect(dead.total).toBe(1);
    expect(dead.items[0]).toMatchObject({
      id: poison.id,
      title: 'poisoned',
      service: 'api',
      error: 'boom again',
      attempts: 2,
      failedAt: at(20),
    });
    expect((await store.watch.deadLetters({ since: at(21) })).total).toBe(0);
    expect(await store.watch.recordFailure('no-such-id', 'x', { now: at(30), maxAttempts: 1 })).toBe(false);
  });

  test('an inbox row that is not an alert comes back unreadable, and is quarantined with its text kept', async () => {
    const options = await backend.fresh();
    const store = await open(options);
    const good = alert({ title: 'fine' });
    await store.watch.enqueue([good]);
    await rawInsert(options, 'broken-1', '{"title": "cut off');
    const pending = await store.watch.pending(10);
    expect(pending.alerts.map((a) => a.id)).toEqual([good.id]);
    expect(pending.unreadable).toEqual([{ id: 'broken-1', error: expect.stringMatching(/not readable/) }]);
    expect(
      await store.watch.recordFailure('broken-1', pending.unreadable[0]!.error, { now: at(5), maxAttempts: 1 }),
    ).toBe(true);
    expect((await store.watch.deadLetters()).items[0]).toMatchObject({ id: 'broken-1', title: null, attempts: 1 });
  });
});

/** Writes an inbox row behind the store's back, as an older version or a damaged disk might have left it. */
async function rawInsert(options: StoreOptions, id: string, text: string): Promise<void> {
  if (options.url) {
    const client = new pg.Client({ connectionString: options.url });
    await client.connect();
    await client.query('INSERT INTO inbox (id, received_at, alert) VALUES ($1, $2, $3)', [id, T0.toISOString(), text]);
    await client.end();
    return;
  }
  const db = new Sqlite(path.join(options.home, SQLITE_FILE));
  db.prepare('INSERT INTO inbox (id, received_at, alert) VALUES (?, ?, ?)').run(id, T0.toISOString(), text);
  db.close();
}
