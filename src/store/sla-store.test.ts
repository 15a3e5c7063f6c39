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
});
