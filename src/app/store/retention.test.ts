import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { useStoreBackends } from '../../../test/helpers/store-backends.js';
import type { NormalizedAlert, TriageResult } from '../../core/alert.js';
import type { Store } from '../../store/types.js';
import { configSchema } from '../config-schema.js';
import { applyRetention, retentionOf, storeRetentionTask } from './retention.js';

// The retention pass of `watch` and `soloops store prune`, on both backends, through the store.

const { backends, open } = await useStoreBackends('store-retention');
const NOW = new Date('2026-12-04T12:00:00Z');
const DAY = 86_400_000;
const ago = (days: number) => new Date(NOW.getTime() - days * DAY);

const alert = (receivedAt: Date, overrides: Partial<NormalizedAlert> = {}): NormalizedAlert => ({
  id: randomUUID(),
  source: 'generic',
  service: 'api',
  title: 'api is down',
  body: '',
  labels: {},
  status: 'firing',
  severityHint: null,
  severityText: null,
  fingerprint: 'fp',
  receivedAt: receivedAt.toISOString(),
  raw: {},
  ...overrides,
});
const triaged = (a: NormalizedAlert): TriageResult => ({
  alert: a,
  severity: 'warning',
  confidence: 0.9,
  classifier: 'model',
  reason: 'model',
});
const config = configSchema.parse({ checks: [{ name: 'api', url: 'http://127.0.0.1:9/', service: 'api' }] });

/** Old and new rows of each kind, some old ones still referenced. Returns the alerts by role. */
async function seed(store: Store) {
  const lone = alert(ago(200));
  const withFeedback = alert(ago(200));
  const recent = alert(ago(1));
  await store.insertTriageResults([lone, withFeedback, recent].map(triaged));
  await store.recordFeedback({ alertId: withFeedback.id, verdict: 'wrong', severity: 'info' });
  // A group still open (its alerts stay) and one resolved (its alerts go).
  const open = alert(ago(150), { fingerprint: 'open' });
  const firing = alert(ago(150), { fingerprint: 'closed' });
  const resolved = alert(ago(149), { fingerprint: 'closed', status: 'resolved' });
  await store.watch.enqueue([open, firing, resolved]);
  for (const [a, key] of [
    [open, 'open'],
    [firing, 'closed'],
    [resolved, 'closed'],
  ] as const)
    await store.watch.commitGrouped([{ result: triaged(a), groupKey: key }], {
      now: new Date(a.receivedAt),
      staleAfterMs: DAY,
    });
  for (const [day, at] of [
    ['old', ago(400)],
    ['recent', ago(2)],
  ] as const)
    for (let m = 0; m < 3; m++)
      await store.watch.recordCheckResult({
        check: 'api',
        at: new Date(at.getTime() + m * 60_000),
        ok: true,
        status: 200,
        ms: 30,
        errorType: null,
        error: day,
      });
  for (const taken of [ago(40), ago(1)])
    await store.recordSnapshot({
      takenAt: taken,
      host: 'web-1',
      cpuPct: 1,
      memUsedPct: 1,
      diskMaxPct: 1,
      load1: 0,
      containers: 0,
      path: null,
      uploadedUrl: null,
    });
  return { lone, withFeedback, recent, open, firing, resolved };
}

const rowsOf = async (store: Store) =>
  Object.fromEntries((await store.maintenance.stats()).tables.map((t) => [t.table, t.rows]));

describe.each(backends)('applyRetention on $name', (backend) => {
  const test = it.skipIf(backend.skip !== undefined);

  test('a dry run counts and changes nothing; the pass keeps what is still referenced', async () => {
    const store = await open(await backend.fresh());
    const seeded = await seed(store);
    const before = await rowsOf(store);
    const dry = await applyRetention(store, config, NOW, { dryRun: true });
    // Nothing rolled up yet, so no raw result is deletable on a dry run.
    expect(dry).toMatchObject({ dryRun: true, rolled: [], rows: { alerts: 3, check_results: 0, snapshots: 1 } });
    expect(await rowsOf(store)).toEqual(before);

    const pass = await applyRetention(store, config, NOW);
    expect(pass.rolled).toHaveLength(2);
    expect(pass.rows).toMatchObject({ alerts: 3, check_results: 3, snapshots: 1, usage_requests: 0 });
    expect(pass.rows).not.toHaveProperty('check_daily'); // roll-ups are kept unless retention.rollups is set
    for (const gone of [seeded.lone, seeded.firing, seeded.resolved]) expect(await store.getAlert(gone.id)).toBeNull();
    for (const kept of [seeded.withFeedback, seeded.recent, seeded.open])
      expect(await store.getAlert(kept.id)).not.toBeNull();
    expect(await store.listFeedback()).toHaveLength(1);
    const after = await rowsOf(store);
    expect(after).toMatchObject({ check_results: 3, check_daily: 2, snapshots: 1 });
    // The old day's figures survive in its roll-up.
    const days = await store.sla.dailyChecks(['api'], ago(401), NOW);
    expect(days.map((d) => d.total)).toEqual([3, 3]);
    expect((await applyRetention(store, config, NOW)).rows).toMatchObject({ alerts: 0, check_results: 0 });
  });

  test('keeps raw results of days not rolled up; prunes roll-ups by the deprecated incident.retention', async () => {
    const store = await open(await backend.fresh());
    await seed(store);
    const cutoffs = { alerts: NOW, checkResults: NOW, snapshots: ago(1000) };
    expect((await store.maintenance.prune(cutoffs)).rows.check_results).toBe(0);
    const legacy = configSchema.parse({ ...config, incident: { retention: { raw: '30d', rollups: '100d' } } });
    expect(retentionOf(legacy)).toMatchObject({ checkResults: 30 * DAY, rollups: 100 * DAY });
    const pass = await applyRetention(store, legacy, NOW, { batchSize: 1 });
    expect(pass.rows).toMatchObject({ check_results: 3, check_daily: 1 });
    expect(await rowsOf(store)).toMatchObject({ check_results: 3, check_daily: 1 }); // the recent day stays
  });
});

describe('the retention section', () => {
  it('defaults to alerts 90d, check results 365d, snapshots 30d and roll-ups kept', () => {
    expect(retentionOf(config)).toEqual({
      alerts: 90 * DAY,
      checkResults: 365 * DAY,
      snapshots: 30 * DAY,
      rollups: null,
    });
  });

  it('refuses the same setting under retention: and the deprecated incident.retention, and less than a day', () => {
    const both = configSchema.safeParse({
      retention: { check_results: '200d' },
      incident: { retention: { raw: '90d' } },
    });
    expect(both.success).toBe(false);
    expect(JSON.stringify(both.error?.issues)).toContain('retention.check_results');
    expect(configSchema.safeParse({ retention: { alerts: '2h' } }).success).toBe(false);
  });
});

describe('storeRetentionTask', () => {
  it('works once per UTC day however often it is asked, and again after a failure', async () => {
    const calls: string[] = [];
    let fail = false;
    const maintenance = {
      rollUp: async (before: Date) => {
        calls.push(before.toISOString());
        if (fail) throw new Error('locked');
        return { days: [], longestStepMs: 0 };
      },
      prune: async () => ({ rows: {}, longestStepMs: 0, steps: 0, largestBatch: 0 }),
    } as unknown as Store['maintenance'];
    let now = new Date('2026-11-07T06:00:00Z');
    const task = storeRetentionTask(
      () => ({ config }),
      { maintenance },
      { info: () => {} },
      () => now,
    );
    await task.run();
    now = new Date('2026-11-07T23:00:00Z');
    await task.run();
    now = new Date('2026-11-08T00:30:00Z');
    fail = true;
    await expect(task.run()).rejects.toThrow('locked');
    fail = false;
    now = new Date('2026-11-08T01:30:00Z');
    await task.run();
    await task.run();
    expect(calls).toEqual(['2026-11-07T06:00:00.000Z', '2026-11-08T00:30:00.000Z', '2026-11-08T01:30:00.000Z']);
  });
});
