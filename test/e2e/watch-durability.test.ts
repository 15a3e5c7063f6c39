import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeSandbox, type Sandbox } from '../helpers/cli.js';
import { killWatchDaemons, startWatchDaemon, type WatchDaemon } from '../helpers/watch-daemon.js';

/** 400 POSTs, 20 in flight at a time; the daemon is SIGKILLed once 100 of them were acknowledged. */
const TOTAL = 400;
const CONCURRENCY = 20;
const KILL_AFTER = 100;

let sandbox: Sandbox;
beforeEach(() => {
  sandbox = makeSandbox();
  // A limit the burst never reaches: this test is about durability, not the 600/min default.
  fs.writeFileSync(
    path.join(sandbox.dir, 'soloops.yaml'),
    'watch:\n  port: 0\n  rate_limit: { max: 1000000, window: 1m }\n',
  );
});
afterEach(async () => {
  await killWatchDaemons();
  sandbox.cleanup();
});

const alert = (i: number) =>
  JSON.stringify({
    title: `${['checkout API returns 503', 'disk 91% full on /var', 'queue backlog above 10k'][i % 3]} (#${i % 5})`,
    message: `burst alert ${i}`,
    service: ['payments', 'api'][i % 2],
  });

interface Burst {
  acknowledged: string[];
  /** HTTP answers other than 202, by status. */
  refused: Record<number, number>;
  /** Requests that never got a whole answer (connection refused or reset by the kill), by error code. */
  failed: Record<string, number>;
}

/** Fires the burst; `onAck` sees the running count of acknowledged alerts after each 202. */
async function burst(daemon: WatchDaemon, onAck: (count: number) => void): Promise<Burst> {
  const result: Burst = { acknowledged: [], refused: {}, failed: {} };
  let next = 0;
  const worker = async () => {
    while (next < TOTAL) {
      const i = next++;
      try {
        // Bounded so a wedged daemon fails the test with a reason instead of a test timeout.
        const response = await fetch(`${daemon.url}/v1/alerts`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: alert(i),
          signal: AbortSignal.timeout(15_000),
        });
        const body = await response.text();
        if (response.status !== 202) {
          result.refused[response.status] = (result.refused[response.status] ?? 0) + 1;
          continue;
        }
        // Only a whole 202 body counts: that is what the sender saw as "accepted".
        const { ids } = JSON.parse(body) as { ids: string[] };
        result.acknowledged.push(...ids);
        onAck(result.acknowledged.length);
      } catch (error) {
        const code = String((error as { cause?: { code?: unknown } }).cause?.code ?? (error as Error).name);
        result.failed[code] = (result.failed[code] ?? 0) + 1;
      }
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return result;
}

/** Reads the store directly: every alert id in the inbox, and every grouped/ungrouped one in alerts. */
function readStore(home: string) {
  const db = new Database(path.join(home, 'soloops.db'), { readonly: true, fileMustExist: true });
  try {
    const inbox = new Set((db.prepare('SELECT id FROM inbox').all() as Array<{ id: string }>).map((r) => r.id));
    const alerts = new Map(
      (db.prepare('SELECT id, group_id FROM alerts').all() as Array<{ id: string; group_id: number | null }>).map(
        (r) => [r.id, r.group_id],
      ),
    );
    return { inbox, alerts };
  } finally {
    db.close();
  }
}

async function healthy(daemon: WatchDaemon): Promise<boolean> {
  try {
    return (await fetch(`${daemon.url}/healthz`, { signal: AbortSignal.timeout(5_000) })).status === 200;
  } catch {
    return false;
  }
}

describe('soloops watch durability', () => {
  it('keeps every acknowledged alert through a SIGKILL mid-burst, and groups them after a restart', async () => {
    const first = await startWatchDaemon(sandbox);
    let killed = false;
    // Count-based, not time-based: the kill lands while ~20 requests are in flight.
    const result = await burst(first, (count) => {
      if (!killed && count >= KILL_AFTER) {
        killed = true;
        first.child.kill('SIGKILL');
      }
    });
    expect(await first.exited).toBe('SIGKILL');
    expect(result.refused, first.stderr()).toEqual({});
    expect(result.acknowledged.length).toBeGreaterThanOrEqual(KILL_AFTER);
    expect(result.acknowledged.length).toBeLessThan(TOTAL);
    // Only connection errors from the kill: no request timed out on a live daemon.
    expect(Object.keys(result.failed).length, JSON.stringify(result.failed)).toBeGreaterThan(0);
    expect(result.failed.TimeoutError, first.stderr()).toBeUndefined();
    expect(new Set(result.acknowledged).size).toBe(result.acknowledged.length);

    // Before any restart: every 202 is on disk, grouped already or still in the inbox.
    const afterKill = readStore(sandbox.home);
    const lost = result.acknowledged.filter((id) => !afterKill.alerts.has(id) && !afterKill.inbox.has(id));
    expect(lost).toEqual([]);

    // The restarted daemon drains the inbox: every acknowledged alert ends up in a group.
    const second = await startWatchDaemon(sandbox);
    const deadline = Date.now() + 45_000;
    let store = readStore(sandbox.home);
    const settled = () => store.inbox.size === 0 && result.acknowledged.every((id) => store.alerts.get(id) != null);
    while (!((await healthy(second)) && settled()) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      store = readStore(sandbox.home);
    }
    expect(store.inbox.size, second.stderr()).toBe(0);
    const ungrouped = result.acknowledged.filter((id) => store.alerts.get(id) == null);
    expect(ungrouped).toEqual([]);

    // And it still stops gracefully (main exits 130 after a signal; the daemon logs "stopped").
    second.child.kill('SIGTERM');
    expect([0, 130]).toContain(await second.exited);
    expect(second.stderr()).toMatch(/"msg":"stopped"/);
  }, 120_000);
});
