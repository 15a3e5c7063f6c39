import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore } from '../../store/index.js';
import type { Store } from '../../store/types.js';
import { configSchema, type Config } from '../config-schema.js';
import { startHostSampler } from './host-sampler.js';

// The sampler against the real collector and a real SQLite store.

const dirs: string[] = [];
const stores: Store[] = [];
afterEach(async () => {
  await Promise.all(stores.splice(0).map((s) => s.close()));
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

async function store(): Promise<Store> {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'soloops-sampler-'));
  dirs.push(home);
  const opened = await openStore({ home });
  stores.push(opened);
  return opened;
}

const config = (interval?: string): Config =>
  configSchema.parse({
    watch: { snap: interval ? { interval } : {} },
    snap: {
      docker_socket: path.join(os.tmpdir(), 'soloops-no-docker.sock'),
      alerts: [{ metric: 'memory', above: 0, severity: 'warning' }],
    },
  });

/** pino into an array of parsed lines. */
function logger() {
  const lines: Array<{ msg: string; level: number }> = [];
  const log = pino({ level: 'info' }, { write: (line: string) => lines.push(JSON.parse(line)) });
  return { log, lines };
}

async function until(check: () => Promise<boolean> | boolean): Promise<void> {
  while (!(await check())) await new Promise((resolve) => setTimeout(resolve, 50));
}

describe('startHostSampler', () => {
  it('does nothing and returns at once without watch.snap.interval', async () => {
    const s = await store();
    const { log } = logger();
    // Not aborted: it must return by itself.
    await startHostSampler({ config: () => config(), store: s, log, signal: new AbortController().signal });
    expect(await s.listSnapshots()).toEqual([]);
    expect((await s.watch.inboxState()).waiting).toBe(0);
  });

  it('records a snapshot per round, raises a rule once into the inbox, and stops on abort', async () => {
    const s = await store();
    const { log } = logger();
    const controller = new AbortController();
    const running = startHostSampler({ config: () => config('1s'), store: s, log, signal: controller.signal });
    await until(async () => (await s.listSnapshots()).length >= 2);
    controller.abort();
    await running;
    const [row] = await s.listSnapshots();
    expect(row).toMatchObject({ path: null, uploadedUrl: null, containers: null });
    expect(row!.memUsedPct).toBeGreaterThan(0);
    const inbox = await s.watch.pending(10);
    expect(inbox.alerts).toHaveLength(1);
    expect(inbox.alerts[0]).toMatchObject({ source: 'check', service: row!.host, severityText: 'warning' });
  });

  it('logs a failed round and keeps sampling: the daemon never stops for it', async () => {
    const s = await store();
    const { log, lines } = logger();
    const controller = new AbortController();
    let calls = 0;
    const failing = {
      watch: s.watch,
      recordSnapshot: async () => {
        calls++;
        throw new Error('database gone');
      },
    };
    const running = startHostSampler({ config: () => config('1s'), store: failing, log, signal: controller.signal });
    await until(() => calls >= 2);
    controller.abort();
    await running;
    expect(lines.filter((l) => l.msg.startsWith('host snapshot failed')).length).toBeGreaterThanOrEqual(1);
  });
});
