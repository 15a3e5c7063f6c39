import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/index.js';
import { eventually, type InProcessDaemon, startDaemon } from '../helpers/watch-inprocess.js';

const NOW = new Date('2026-12-04T12:00:00Z');

describe('watch runs the retention pass', () => {
  let daemon: InProcessDaemon | undefined;
  afterEach(async () => {
    await daemon?.stop();
    daemon = undefined;
  });

  it('rolls finished days into daily roll-ups at start and prunes raw results past retention', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'soloops-retention-'));
    const store = await openStore({ home: path.join(dir, 'data') });
    const probe = (at: string, ok: boolean) => ({
      check: 'api',
      at: new Date(at),
      ok,
      status: ok ? 200 : null,
      ms: 40,
      errorType: ok ? null : 'connection',
      error: ok ? null : 'connect ECONNREFUSED',
    });
    await store.watch.recordCheckResult(probe('2026-12-02T10:00:00Z', true));
    await store.watch.recordCheckResult(probe('2026-12-02T10:01:00Z', false));
    await store.watch.recordCheckResult(probe('2026-08-01T10:00:00Z', true)); // older than retention.check_results 90d
    await store.close();
    daemon = await startDaemon(
      [
        'checks:',
        '  - { name: api, url: "http://127.0.0.1:9/", service: api, interval: 1h }',
        'services:',
        '  - { id: api, name: API, checks: [api] }',
        'retention: { check_results: 90d }',
      ].join('\n'),
      { dir, now: () => NOW },
    );
    const day = await eventually(() =>
      daemon?.query<{ total: number; ok: number }>("select total, ok from check_daily where day = '2026-12-02'").at(0),
    );
    expect(day).toEqual({ total: 2, ok: 1 });
    const old = await eventually(() => {
      const rows = daemon?.query("select 1 from check_results where at < '2026-09-01'") ?? [1];
      return rows.length === 0 ? 'pruned' : null;
    });
    expect(old).toBe('pruned');
  });
});
