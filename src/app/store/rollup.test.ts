import { describe, expect, it } from 'vitest';
import { useStoreBackends } from '../../../test/helpers/store-backends.js';
import { applyRetention } from './retention.js';

// The daily retention pass watch runs: roll-ups of whole days, raw check results and roll-ups pruned by age.

const { backends, open } = await useStoreBackends('sla-retention');

const DAY = 86_400_000;
const config = {
  checks: [
    {
      name: 'api',
      url: 'http://127.0.0.1:9/',
      method: 'GET',
      interval: 60_000,
      retryInterval: 5_000,
      timeout: 7_000,
      expect: {},
      service: 'api',
      failureThreshold: 2,
      successThreshold: 1,
    },
  ],
  incident: {
    auto: true,
    resolve_after: 900_000,
    response_limit: 7_000,
  },
  retention: { check_results: 2 * DAY, rollups: 4 * DAY },
};

describe.each(backends)('roll-ups in the retention pass on $name', (backend) => {
  const test = it.skipIf(backend.skip !== undefined);

  test('rolls whole days up with the checks’ thresholds, prunes by age, and does nothing the second time', async () => {
    const store = await open(await backend.fresh());
    const start = Date.parse('2026-11-01T12:00:00Z');
    for (let d = 0; d < 6; d++)
      for (const [minute, ok] of [
        [0, false],
        [1, false],
        [2, true],
      ] as const)
        await store.watch.recordCheckResult({
          check: 'api',
          at: new Date(start + d * DAY + minute * 60_000),
          ok,
          status: ok ? 200 : null,
          ms: 50,
          errorType: ok ? null : 'timeout',
          error: ok ? null : 'slow',
        });
    const now = new Date('2026-11-07T06:00:00Z');
    const first = await applyRetention(store, config, now);
    expect(first.rolled).toEqual(['2026-11-01', '2026-11-02', '2026-11-03', '2026-11-04', '2026-11-05', '2026-11-06']);
    // Raw before 5 November goes (4 days of 3 probes); roll-ups before 3 November go.
    expect(first.rows).toMatchObject({ check_results: 12, check_daily: 2 });
    const second = await applyRetention(store, config, now);
    expect(second.rolled).toEqual([]);
    expect(Object.values(second.rows).every((n) => n === 0)).toBe(true);
    const from = new Date('2026-11-01T00:00:00Z');
    const days = await store.sla.dailyChecks(['api'], from, now);
    expect(days.map((d) => d.day)).toEqual(['2026-11-03', '2026-11-04', '2026-11-05', '2026-11-06']);
    // Two failures in a row are down with failureThreshold 2: two minutes a day.
    const spells = await store.sla.downSpells({ api: { failureThreshold: 2, successThreshold: 1 } }, from, now);
    expect(spells.map((s) => (s.to.getTime() - s.from.getTime()) / 60_000)).toEqual([2, 2, 2, 2]);
  });
});
