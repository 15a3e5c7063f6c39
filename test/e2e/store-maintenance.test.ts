import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type StoreOptions } from '../../src/store/index.js';
import { makeSandbox, runCli, type Sandbox } from '../helpers/cli.js';
import { createDatabase, type RunningPostgres, startPostgres } from '../helpers/postgres.js';
import { killWatchDaemons, startWatchDaemon, type WatchDaemon } from '../helpers/watch-daemon.js';

// `soloops store stats | prune | backup | restore`, the built CLI on SQLite and PostgreSQL.

const DAY = 86_400_000;
let server: RunningPostgres | { skip: string };
const sandboxes: Sandbox[] = [];
beforeAll(async () => {
  server = await startPostgres();
  if ('skip' in server) console.warn(`[store-maintenance] PostgreSQL cases skipped: ${server.skip}`);
});
afterAll(async () => {
  if (server && !('skip' in server)) await server.stop();
});
afterEach(async () => {
  await killWatchDaemons();
  for (const s of sandboxes.splice(0)) s.cleanup();
});

function sandbox(): Sandbox {
  const s = makeSandbox();
  sandboxes.push(s);
  // A rate limit the writer below never reaches.
  fs.writeFileSync(path.join(s.dir, 'soloops.yaml'), 'watch:\n  rate_limit: { max: 1000000, window: 1m }\n');
  return s;
}

const json = <T>(result: { exitCode?: number; stdout: string; stderr: string }): T => {
  expect(result.exitCode, result.stderr).toBe(0);
  return JSON.parse(result.stdout) as T;
};

type Stats = { kind: string; tables: { table: string; rows: number; bytes: number | null }[]; totalBytes: number };
const rows = (stats: Stats, table: string) => stats.tables.find((t) => t.table === table)?.rows;

/** One alert and one snapshot past their retention (90 and 30 days), and one of each that is recent. */
async function seed(options: StoreOptions): Promise<void> {
  const store = await openStore(options);
  const now = Date.now();
  try {
    for (const age of [200, 1]) {
      await store.insertTriageResults([
        {
          alert: {
            id: `00000000-0000-4000-8000-00000000000${age === 1 ? 1 : 2}`,
            source: 'generic',
            service: 'api',
            title: 'api is down',
            body: '',
            labels: {},
            status: 'firing',
            severityHint: null,
            severityText: null,
            fingerprint: 'fp',
            receivedAt: new Date(now - age * DAY).toISOString(),
            raw: {},
          },
          severity: 'warning',
          confidence: 0.9,
          classifier: 'model',
          reason: 'model',
        },
      ]);
    }
    for (const age of [40, 1])
      await store.recordSnapshot({
        takenAt: new Date(now - age * DAY),
        host: 'web-1',
        cpuPct: 1,
        memUsedPct: 1,
        diskMaxPct: 1,
        load1: 0,
        containers: 0,
        path: null,
        uploadedUrl: null,
      });
  } finally {
    await store.close();
  }
}

const backends = [
  { name: 'sqlite', skip: () => undefined, db: async () => undefined },
  {
    name: 'postgres',
    skip: () => ('skip' in server ? server.skip : undefined),
    db: async () => createDatabase(server as RunningPostgres),
  },
];

describe.each(backends)('store stats and prune on $name', (backend) => {
  it('shows counts, deletes nothing on --dry-run, then deletes only what retention says', async (context) => {
    if (backend.skip()) return context.skip();
    const s = sandbox();
    const url = await backend.db();
    const db = url ? ['--db', url] : [];
    await seed({ home: s.home, url });

    const stats = json<Stats>(await runCli([...db, '--json', 'store', 'stats'], { sandbox: s }));
    expect(stats.kind).toBe(backend.name);
    expect(rows(stats, 'alerts')).toBe(2);
    expect(rows(stats, 'snapshots')).toBe(2);
    expect(stats.totalBytes).toBeGreaterThan(0);
    expect(stats.tables.every((t) => typeof t.bytes === 'number')).toBe(true);
    const alone = await runCli([...db, 'store'], { sandbox: s });
    expect(alone.exitCode, alone.stderr).toBe(0);
    expect(alone.stdout).toMatch(/^alerts +2 /m);

    const dry = json<{ dryRun: boolean; rows: Record<string, number> }>(
      await runCli([...db, '--json', 'store', 'prune', '--dry-run'], { sandbox: s }),
    );
    expect(dry).toMatchObject({ dryRun: true, rows: { alerts: 1, snapshots: 1, check_results: 0 } });
    const after = json<Stats>(await runCli([...db, '--json', 'store', 'stats'], { sandbox: s }));
    expect([rows(after, 'alerts'), rows(after, 'snapshots')]).toEqual([2, 2]);

    const text = await runCli([...db, 'store', 'prune'], { sandbox: s });
    expect(text.exitCode, text.stderr).toBe(0);
    expect(text.stdout).toContain('retention: alerts 90d, check results 365d, snapshots 30d, roll-ups kept');
    expect(text.stdout).toContain('deleted 1 alerts');
    const pruned = json<Stats>(await runCli([...db, '--json', 'store', 'stats'], { sandbox: s }));
    expect([rows(pruned, 'alerts'), rows(pruned, 'snapshots')]).toEqual([1, 1]);
  });
});

/** Posts alerts to the daemon one after another until stopped; counts the acknowledged ones. */
function writer(daemon: WatchDaemon) {
  let stop = false;
  let acknowledged = 0;
  const done = (async () => {
    for (let i = 0; !stop; i++) {
      const response = await fetch(`${daemon.url}/v1/alerts`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ title: `queue backlog above 10k (#${i})`, service: 'api' }),
        signal: AbortSignal.timeout(15_000),
      });
      await response.text();
      if (response.status === 202) acknowledged++;
    }
  })();
  return {
    acknowledged: () => acknowledged,
    async stop() {
      stop = true;
      await done;
    },
  };
}

/** Alert ids the database holds, accepted (inbox) or processed (alerts). */
function alertIds(file: string): number {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    expect(db.pragma('quick_check', { simple: true })).toBe('ok');
    const { n } = db.prepare('select (select count(*) from inbox) + (select count(*) from alerts) as n').get() as {
      n: number;
    };
    return n;
  } finally {
    db.close();
  }
}

async function until(what: string, ready: () => boolean): Promise<void> {
  // A bound, not a timing assertion: a writer that never gets going fails with a reason.
  const deadline = Date.now() + 30_000;
  while (!ready()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('store backup and restore on SQLite', () => {
  it('backs up while watch writes, refuses to restore while it runs, restores once it stopped', async () => {
    const s = sandbox();
    const daemon = await startWatchDaemon(s);
    const load = writer(daemon);
    await until('20 acknowledged alerts', () => load.acknowledged() >= 20);
    const before = load.acknowledged();
    const file = path.join(s.dir, 'backup.db');
    const backup = json<{ file: string; bytes: number }>(
      await runCli(['--json', 'store', 'backup', 'backup.db'], { sandbox: s }),
    );
    expect(backup).toEqual({ file, bytes: fs.statSync(file).size });
    // The daemon went on writing during the copy; the copy is whole and has all it had acknowledged before.
    const during = load.acknowledged();
    const inBackup = alertIds(file);
    expect(inBackup).toBeGreaterThanOrEqual(before);
    expect(during).toBeGreaterThan(before);

    const live = path.join(s.home, 'soloops.db');
    const refused = await runCli(['store', 'restore', 'backup.db'], { sandbox: s });
    expect(refused.exitCode).toBe(2);
    expect(refused.stderr).toMatch(/soloops watch is running on this data folder \(pid \d+\)/);
    expect(fs.readdirSync(s.home).filter((f) => f.includes('before-restore'))).toEqual([]);

    await load.stop();
    daemon.child.kill('SIGTERM');
    expect([0, 130]).toContain(await daemon.exited); // a stop by signal exits 130
    const total = alertIds(live);
    expect(total).toBeGreaterThan(inBackup);

    const restored = json<{ database: string; previous: string; migrations: string[] }>(
      await runCli(['--json', 'store', 'restore', 'backup.db'], { sandbox: s }),
    );
    expect(restored.database).toBe(live);
    expect(restored.migrations).toContain('001_snapshots');
    expect(alertIds(restored.previous)).toBe(total); // the replaced database, kept whole
    expect(alertIds(live)).toBe(inBackup);
    const stats = json<Stats>(await runCli(['--json', 'store', 'stats'], { sandbox: s }));
    expect((rows(stats, 'alerts') ?? 0) + (rows(stats, 'inbox') ?? 0)).toBe(inBackup);
  });

  it('refuses to restore a file that is not a soloops database and leaves the database alone', async () => {
    const s = sandbox();
    await seed({ home: s.home });
    const live = path.join(s.home, 'soloops.db');
    const size = fs.statSync(live).size;
    fs.writeFileSync(path.join(s.dir, 'notes.txt'), 'not a database\n');
    const other = new Database(path.join(s.dir, 'other.db'));
    other.exec('create table t (a)');
    other.close();
    for (const [file, reason] of [
      ['notes.txt', 'it is not an SQLite file'],
      ['other.db', 'no kysely_migration table'],
      ['missing.db', 'no such file'],
    ]) {
      const result = await runCli(['store', 'restore', file!], { sandbox: s });
      expect(result.exitCode, file).toBe(2);
      expect(result.stderr, file).toContain(reason);
    }
    expect(fs.readdirSync(s.home).filter((f) => f.includes('before-restore'))).toEqual([]);
    expect(fs.statSync(live).size).toBe(size);
    const missingFolder = await runCli(['store', 'backup', path.join(s.dir, 'nope', 'b.db')], { sandbox: s });
    expect(missingFolder.exitCode).toBe(2);
  });
});

describe('store backup and restore on PostgreSQL', () => {
  it('point at pg_dump and pg_restore with exit 2', async (context) => {
    if ('skip' in server) return context.skip();
    const s = sandbox();
    const url = await createDatabase(server);
    const backup = await runCli(['--db', url, 'store', 'backup', 'b.db'], { sandbox: s });
    expect(backup.exitCode).toBe(2);
    expect(backup.stderr).toContain('pg_dump --format=custom');
    expect(fs.existsSync(path.join(s.dir, 'b.db'))).toBe(false);
    const restore = await runCli(['--db', url, 'store', 'restore', 'b.db'], { sandbox: s });
    expect(restore.exitCode).toBe(2);
    expect(restore.stderr).toContain('pg_restore');
  });
});
