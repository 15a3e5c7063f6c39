import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CheckResultRow } from '../core/watch.js';
import { openStore } from '../store/index.js';
import { CheckTracker } from '../watch/checks/state.js';
import { replayWindow, toProbe } from '../watch/checks/replay.js';
import { checkStatusFromResults, checkStatuses, loadCheckStatuses } from './check-status.js';

const check = { name: 'api', failureThreshold: 3, successThreshold: 2, slowMs: 800 };

/** Rows one minute apart from a pattern: `.` ok, `x` failed; ok rows take `ms` in turn. */
function rows(pattern: string, ms: number[] = [120]): CheckResultRow[] {
  return [...pattern].map((c, i) => ({
    check: 'api',
    at: new Date(Date.UTC(2026, 10, 1, 0, i)),
    ok: c === '.',
    status: c === '.' ? 200 : null,
    ms: c === '.' ? (ms[i % ms.length] ?? 120) : 7000,
    errorType: c === '.' ? null : 'timeout',
    error: c === '.' ? null : 'timed out after 7000 ms',
  }));
}

/** What the daemon's tracker says after seeing the same rows one by one. */
function daemonState(pattern: string) {
  const tracker = new CheckTracker(check);
  for (const row of rows(pattern)) tracker.observe(toProbe(row));
  return tracker.current;
}

describe('checkStatusFromResults', () => {
  it('is unknown with no results, and needs failureThreshold failures in a row to be down', () => {
    expect(checkStatusFromResults(check, [])).toEqual({ check: 'api', state: 'unknown', slowMs: 800 });
    expect(checkStatusFromResults(check, rows('xx')).state).toBe('unknown');
    expect(checkStatusFromResults(check, rows('..xx')).state).toBe('up');
    expect(checkStatusFromResults(check, rows('..xxx')).state).toBe('down');
  });

  it('needs successThreshold successes in a row to be up again', () => {
    expect(checkStatusFromResults(check, rows('xxx.')).state).toBe('down');
    expect(checkStatusFromResults(check, rows('xxx.x.')).state).toBe('down');
    expect(checkStatusFromResults(check, rows('xxx..')).state).toBe('up');
  });

  it('agrees with the daemon tracker fed the same results', () => {
    for (const pattern of ['', '.', 'x.x.x.', 'xxx.x.x.x', '...xxx..x', 'xxxxxxxx', '.x.xx.xxx'])
      expect(checkStatusFromResults(check, rows(pattern)).state).toBe(daemonState(pattern));
  });

  it('reports the newest successful response time, not the time a failure took', () => {
    expect(checkStatusFromResults(check, rows('..', [100, 950])).lastMs).toBe(950);
    expect(checkStatusFromResults(check, rows('.x', [300])).lastMs).toBe(300);
    expect(checkStatusFromResults(check, rows('xxx'))).not.toHaveProperty('lastMs');
    expect(checkStatusFromResults({ ...check, slowMs: undefined }, rows('.'))).not.toHaveProperty('slowMs');
  });

  it('maps every configured check, with no rows for a check never probed', () => {
    const byName = new Map([['api', rows('xxx')]]);
    const statuses = checkStatuses([check, { ...check, name: 'web' }], (name) => byName.get(name) ?? []);
    expect(statuses.map((s) => [s.check, s.state])).toEqual([
      ['api', 'down'],
      ['web', 'unknown'],
    ]);
  });
});

describe('loadCheckStatuses', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('replays the newest results the store keeps, oldest first, as the daemon would', async () => {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'soloops-check-status-'));
    dirs.push(home);
    const store = await openStore({ home });
    try {
      // A long healthy past, then an outage: only the window is read, and its order matters.
      for (const row of rows(`${'.'.repeat(30)}xxx`)) await store.watch.recordCheckResult(row);
      const [api, web] = await loadCheckStatuses([check, { ...check, name: 'web' }], store.watch);
      expect(api).toEqual({ check: 'api', state: 'down', lastMs: 120, slowMs: 800 });
      expect(web?.state).toBe('unknown');
      expect(replayWindow(check)).toBe(20);
    } finally {
      await store.close();
    }
  });
});
