import { describe, expect, it } from 'vitest';
import { useStoreBackends } from '../../test/helpers/store-backends.js';
import type { Store } from './index.js';

// The SLA tables (migration 009) and the check results they read, on both backends.

const { backends, open } = await useStoreBackends('sla-store');

const at = (text: string) => new Date(`2026-11-${text}Z`);

/** Records one probe per entry: [time, ok, ms, error type]. */
async function probes(store: Store, check: string, rows: [string, boolean, number?, string?][]) {
  for (const [time, ok, ms = 100, errorType] of rows)
    await store.watch.recordCheckResult({
      check,
      at: at(time),
      ok,
      status: ok ? 200 : null,
      ms,
      errorType: errorType ?? (ok ? null : 'timeout'),
      error: ok ? null : 'no answer',
    });
}

describe.each(backends)('SLA store on $name', (backend) => {
  const test = it.skipIf(backend.skip !== undefined);
  const fresh = async (): Promise<Store> => open(await backend.fresh());

  test('counts probes and successes per check and UTC day in [from, to)', async () => {
    const store = await fresh();
    await probes(store, 'api', [
      ['01T00:00:00.000', true],
      ['01T23:59:59.999', false],
      ['02T00:00:00.000', true],
      ['03T00:00:00.000', true],
    ]);
    await probes(store, 'web', [['01T12:00:00.000', true]]);
    await probes(store, 'other', [['01T12:00:00.000', true]]);
    expect(await store.sla.dailyChecks(['web', 'api'], at('01T00:00:00.000'), at('03T00:00:00.000'))).toEqual([
      { check: 'api', day: '2026-11-01', total: 2, ok: 1 },
      { check: 'api', day: '2026-11-02', total: 1, ok: 1 },
      { check: 'web', day: '2026-11-01', total: 1, ok: 1 },
    ]);
    expect(await store.sla.dailyChecks([], at('01T00:00:00.000'), at('03T00:00:00.000'))).toEqual([]);
  });

  /** api: down 10:00–10:04 (3 failures, then 10:03 fails again after one success), up from 10:04. */
  async function outage(store: Store) {
    await probes(store, 'api', [
      ['01T09:59:00.000', true, 100],
      ['01T10:00:00.000', false, 7000, 'timeout'],
      ['01T10:01:00.000', false, 0, 'connection'],
      ['01T10:02:00.000', false, 0, 'connection'],
      ['01T10:02:30.000', true, 120],
      ['01T10:03:00.000', false, 0, 'http'],
      ['01T10:04:00.000', true, 300],
      ['01T10:05:00.000', true, 100],
      // Two failures in a row: under the threshold of 3, never down.
      ['02T08:00:00.000', false, 0, 'dns'],
      ['02T08:01:00.000', false, 0, 'dns'],
      ['02T08:02:00.000', true, 100],
      // Down across midnight into the 3rd, still down at the end of the data.
      ['02T23:58:00.000', false, 0, 'tls'],
      ['02T23:59:00.000', false, 0, 'tls'],
      ['03T00:00:00.000', false, 0, 'tls'],
      ['03T00:01:00.000', false, 0, 'tls'],
    ]);
  }
  const thresholds = { api: { failureThreshold: 3, successThreshold: 2 } };
  const month = [at('01T00:00:00.000'), new Date('2026-12-01T00:00:00Z')] as const;

  test('adds up totals, error types and the histogram of successful response times', async () => {
    const store = await fresh();
    await outage(store);
    expect(await store.sla.checkTotals(['api'], ...month)).toEqual([
      {
        check: 'api',
        total: 15,
        ok: 5,
        errors: { connection: 2, dns: 2, http: 1, timeout: 1, tls: 4 },
        hist: [
          [100, 3],
          [120, 1],
          [300, 1],
        ],
        first: at('01T09:59:00.000'),
      },
    ]);
  });

  test('finds down spells as the check tracker does, clipped to the range', async () => {
    const store = await fresh();
    await outage(store);
    expect(await store.sla.downSpells(thresholds, ...month)).toEqual([
      { check: 'api', from: at('01T10:00:00.000'), to: at('01T10:04:00.000') },
      { check: 'api', from: at('02T23:58:00.000'), to: month[1] },
    ]);
    expect(await store.sla.downSpells(thresholds, at('01T10:02:00.000'), at('03T00:00:00.000'))).toEqual([
      { check: 'api', from: at('01T10:02:00.000'), to: at('01T10:04:00.000') },
      { check: 'api', from: at('02T23:58:00.000'), to: at('03T00:00:00.000') },
    ]);
    // A run that starts the day before `from`, or is confirmed after `to`, still counts.
    expect(await store.sla.downSpells(thresholds, at('03T00:00:00.000'), at('04T00:00:00.000'))).toEqual([
      { check: 'api', from: at('03T00:00:00.000'), to: at('04T00:00:00.000') },
    ]);
  });

  test('rolls whole days up once, prunes what is rolled up, and reads the same figures after', async () => {
    const store = await fresh();
    await outage(store);
    const before = {
      days: await store.sla.dailyChecks(['api'], ...month),
      totals: await store.sla.checkTotals(['api'], ...month),
      spells: await store.sla.downSpells(thresholds, ...month),
    };
    expect(await store.sla.rollUp(at('03T00:00:00.000'), thresholds)).toEqual(['2026-11-01', '2026-11-02']);
    expect(await store.sla.rollUp(at('03T00:00:00.000'), thresholds)).toEqual([]);
    // Raw results of the 1st and 2nd go (rolled up); the 3rd's stay (not rolled up yet).
    expect(await store.sla.prune(at('10T00:00:00.000'), new Date('2026-01-01T00:00:00Z'))).toEqual({
      raw: 13,
      rollups: 0,
    });
    expect(await store.watch.recentCheckResults('api', 100)).toHaveLength(2);
    expect(await store.sla.dailyChecks(['api'], ...month)).toEqual(before.days);
    expect(await store.sla.checkTotals(['api'], ...month)).toEqual([
      { ...before.totals[0], first: at('01T00:00:00.000') },
    ]);
    expect(await store.sla.downSpells(thresholds, ...month)).toEqual(before.spells);
    // Roll-ups older than their retention go.
    expect(await store.sla.prune(at('01T00:00:00.000'), at('02T00:00:00.000'))).toEqual({ raw: 0, rollups: 1 });
    expect(await store.sla.dailyChecks(['api'], ...month)).toEqual(before.days.slice(1));
  });

  test('records requests once per key, and counts them per UTC day', async () => {
    const store = await fresh();
    const rows = [
      { at: at('01T10:00:00.000'), status: 200, ms: 12, key: 'a' },
      { at: at('01T11:00:00.000'), status: 302, key: 'b' },
      { at: at('01T12:00:00.000'), status: 503, ms: 40, key: 'c' },
      { at: at('02T00:00:00.000'), status: 404, key: 'd' },
    ];
    expect(await store.sla.recordRequests('api', rows)).toEqual({ added: 4, duplicates: 0 });
    expect(await store.sla.recordRequests('api', rows)).toEqual({ added: 0, duplicates: 4 });
    // Another service may have the same key; rows without one are always new.
    expect(await store.sla.recordRequests('web', [rows[0]!, { at: at('01T00:00:00.000'), status: 200 }])).toEqual({
      added: 2,
      duplicates: 0,
    });
    expect(await store.sla.recordRequests('web', [{ at: at('01T00:00:00.000'), status: 200 }])).toEqual({
      added: 1,
      duplicates: 0,
    });
    expect(await store.sla.usageDays('api', ...month)).toEqual([
      { day: '2026-11-01', total: 3, ok: 2, errors: 1 },
      { day: '2026-11-02', total: 1, ok: 0, errors: 1 },
    ]);
    expect(await store.sla.usageServices()).toEqual([
      { service: 'api', total: 4, first: at('01T10:00:00.000'), last: at('02T00:00:00.000') },
      { service: 'web', total: 3, first: at('01T00:00:00.000'), last: at('01T10:00:00.000') },
    ]);
  });
});
