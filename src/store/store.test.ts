import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import Sqlite from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { TriageResult } from '../core/alert.js';
import { newAlertId } from '../core/alert-id.js';
import { ExternalError, UserError } from '../core/errors.js';
import { failure, useStoreBackends } from '../../test/helpers/store-backends.js';
import { openStore, type SnapshotRow } from './index.js';

/** Every migration, oldest first: a fresh database gets all of them, a reopened one none again. */
const MIGRATIONS = [
  '001_snapshots',
  '002_triage',
  '003_watch',
  '004_wake',
  '005_digests',
  '006_dead_letters',
  '007_corrections',
  '008_incidents',
  '009_sla',
  '010_incident_links',
  '011_leadership',
  '012_repair',
  '013_incident_update_status',
  '014_console',
];

const { server, backends, tempDir, open } = await useStoreBackends('store');

const snap = (iso: string, host: string, extra: Partial<SnapshotRow> = {}): SnapshotRow => ({
  takenAt: new Date(iso),
  host,
  cpuPct: 12.3,
  memUsedPct: 45.67,
  diskMaxPct: 99.9,
  load1: 0.42,
  containers: 3,
  path: `/tmp/${host}.json`,
  uploadedUrl: null,
  ...extra,
});

describe.each(backends)('store on $name', (backend) => {
  const test = it.skipIf(backend.skip !== undefined);

  test('applies migrations on a fresh database and only once on reopen', async () => {
    const options = await backend.fresh();
    const first = await open(options);
    expect(first.kind).toBe(backend.name);
    expect(await first.appliedMigrations()).toEqual(MIGRATIONS);
    expect(await first.listSnapshots()).toEqual([]);
    await first.recordSnapshot(snap('2024-05-01T10:00:00Z', 'web-1'));
    await first.close();

    const again = await open(options);
    expect(await again.appliedMigrations()).toEqual(MIGRATIONS);
    expect(await again.listSnapshots()).toHaveLength(1);
  });

  test('round-trips snapshots newest first, with host filter, limit, Dates and nulls', async () => {
    const store = await open(await backend.fresh());
    const rows = [
      snap('2024-05-01T10:00:00.123Z', 'web-1'),
      snap('2024-05-03T23:59:59.999Z', 'web-2', { uploadedUrl: 's3://bucket/web-2.json' }),
      snap('2024-05-02T00:00:00.000Z', 'web-1', {
        cpuPct: null,
        memUsedPct: null,
        diskMaxPct: null,
        load1: null,
        containers: null,
        path: null,
      }),
      // Same instant as the previous web-1 row: the later insert must come first.
      snap('2024-05-02T00:00:00.000Z', 'web-1', { containers: 0, load1: 0 }),
    ];
    const ids: number[] = [];
    for (const row of rows) ids.push(await store.recordSnapshot(row));
    expect(new Set(ids).size).toBe(4);

    const all = await store.listSnapshots();
    expect(all).toEqual([rows[1], rows[3], rows[2], rows[0]]);
    expect(all.every((r) => r.takenAt instanceof Date)).toBe(true);
    expect(all[0]!.takenAt.getTime()).toBe(rows[1]!.takenAt.getTime());
    expect(await store.listSnapshots({ host: 'web-1' })).toEqual([rows[3], rows[2], rows[0]]);
    expect(await store.listSnapshots({ host: 'web-1', limit: 2 })).toEqual([rows[3], rows[2]]);
    expect(await store.listSnapshots({ host: 'nobody' })).toEqual([]);
    expect(await store.listSnapshots({ limit: 0 })).toEqual([]);
  });

  test('two stores on the same database both read and write', async () => {
    const options = await backend.fresh();
    const a = await open(options);
    const b = await open(options);
    await Promise.all([
      ...[0, 1, 2].map((i) => a.recordSnapshot(snap(`2024-06-01T00:00:0${i}Z`, 'a'))),
      ...[0, 1, 2].map((i) => b.recordSnapshot(snap(`2024-06-01T00:00:0${i}Z`, 'b'))),
    ]);
    expect(await a.listSnapshots({ host: 'b' })).toHaveLength(3);
    expect(await b.listSnapshots({ host: 'a' })).toHaveLength(3);
    expect(await b.appliedMigrations()).toEqual(MIGRATIONS);
  });
});

describe('SQLite specifics', () => {
  it('creates the data folder owner-only and a WAL database inside it', async () => {
    const home = path.join(tempDir(), 'nested', 'home');
    await open({ home });
    expect(fs.statSync(home).mode & 0o777).toBe(0o700);
    const raw = new Sqlite(path.join(home, 'soloops.db'), { readonly: true });
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    raw.close();
  });

  it('keeps working while another process writes to the same file', async () => {
    const home = tempDir();
    const store = await open({ home });
    const child = spawn(process.execPath, ['-e', CHILD_WRITER, betterSqlitePath(), path.join(home, 'soloops.db')], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    await new Promise((resolve) => child.stdout.once('data', resolve)); // "ready": it has the file open
    for (let i = 0; i < 200; i++) await store.recordSnapshot(snap('2024-07-01T00:00:00Z', 'parent'));
    expect(await exited).toBe(0);
    expect(await store.listSnapshots({ host: 'parent' })).toHaveLength(200);
    expect(await store.listSnapshots({ host: 'child' })).toHaveLength(200);
  });

  it('names --home and SOLOOPS_HOME when the data folder cannot be created', async () => {
    const file = path.join(tempDir(), 'a-file');
    fs.writeFileSync(file, 'not a folder');
    const error = await failure(openStore({ home: path.join(file, 'home') }));
    expect(error).toBeInstanceOf(UserError);
    expect(error.message).toContain(path.join(file, 'home'));
    expect(error.hint).toMatch(/--home/);
    expect(error.hint).toMatch(/SOLOOPS_HOME/);
  });

  it('is a UserError when the database path cannot be opened', async () => {
    const home = tempDir();
    fs.mkdirSync(path.join(home, 'soloops.db'));
    const error = await failure(openStore({ home }));
    expect(error).toBeInstanceOf(UserError);
    expect(error.hint).toMatch(/SOLOOPS_HOME/);
  });

  it('is an ExternalError with a hint when another process holds the lock during migration', async () => {
    const home = tempDir();
    const other = new Sqlite(path.join(home, 'soloops.db'));
    other.pragma('journal_mode = WAL');
    other.exec('BEGIN EXCLUSIVE');
    try {
      // busyTimeoutMs 0: fail at once instead of waiting, so the test does not depend on time.
      const error = await failure(openStore({ home, busyTimeoutMs: 0 }));
      expect(error).toBeInstanceOf(ExternalError);
      expect(error.message).toMatch(/locked/);
      expect(error.hint).toMatch(/retry/);
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
    expect(await (await open({ home })).appliedMigrations()).toEqual(MIGRATIONS);
  });

  it('is an ExternalError with a hint when another process holds the lock during a big worker insert', async () => {
    const home = tempDir();
    const store = await openStore({ home, busyTimeoutMs: 0 });
    const other = new Sqlite(path.join(home, 'soloops.db'));
    other.exec('BEGIN IMMEDIATE');
    try {
      const results = Array.from({ length: 600 }, (_, i) => triageResult(`alert ${i}`));
      const error = await failure(store.insertTriageResults(results));
      expect(error).toBeInstanceOf(ExternalError);
      expect(error.message).toMatch(/locked/);
      other.exec('ROLLBACK');
      await store.insertTriageResults(results);
      expect((await store.getAlert(results[599]!.alert.id))?.alert.title).toBe('alert 599');
    } finally {
      if (other.inTransaction) other.exec('ROLLBACK');
      other.close();
      await store.close();
    }
  });

  it('is an ExternalError when the file is not a database', async () => {
    const home = tempDir();
    fs.writeFileSync(path.join(home, 'soloops.db'), 'x'.repeat(4096));
    expect(await failure(openStore({ home }))).toBeInstanceOf(ExternalError);
  });
});

describe.skipIf('skip' in server)('PostgreSQL login failures', () => {
  const live = server as Exclude<typeof server, { skip: string }>;

  it('is an ExternalError naming host:port, never the password, on a wrong password', async () => {
    const wrong = 'wrong-Pa55word';
    const error = await failure(openStore({ url: live.url.replace(live.password, wrong), home: tempDir() }));
    expect(error).toBeInstanceOf(ExternalError);
    expect(error.message).toContain(`127.0.0.1:${live.port}`);
    for (const secret of [wrong, live.password]) expect(`${error.message} ${error.hint}`).not.toContain(secret);
  });

  it('accepts a host-less URL pointing at the unix socket', async () => {
    const url = `postgres://${live.user}:${live.password}@/postgres?host=${live.socketDir}&port=${live.port}`;
    const store = await open({ url, home: tempDir() });
    expect(await store.appliedMigrations()).toEqual(MIGRATIONS);
  });

  it('is an ExternalError naming the missing database', async () => {
    const error = await failure(openStore({ url: live.url.replace(/\/postgres$/, '/nope'), home: tempDir() }));
    expect(error).toBeInstanceOf(ExternalError);
    expect(error.message).toContain('"nope"');
    expect(error.message).not.toContain(live.password);
  });
});

function betterSqlitePath(): string {
  return createRequire(import.meta.url).resolve('better-sqlite3');
}

/** Runs in a separate Node process: 200 short write transactions on the same file. */
const CHILD_WRITER = `
const Database = require(process.argv[1]);
const db = new Database(process.argv[2], { timeout: 10000 });
process.stdout.write('ready\\n');
const insert = db.prepare("insert into snapshots (taken_at, host) values (?, 'child')");
for (let i = 0; i < 200; i++) db.transaction(() => insert.run(new Date().toISOString())).immediate();
db.close();
`;

function triageResult(title: string): TriageResult {
  return {
    alert: {
      id: newAlertId(),
      source: 'generic',
      service: 'api',
      title,
      body: '',
      labels: {},
      status: 'firing',
      severityHint: null,
      severityText: null,
      fingerprint: 'fp',
      receivedAt: '2026-11-22T03:00:00.000Z',
      raw: { title },
    },
    severity: 'warning',
    confidence: 0.9,
    classifier: 'model',
    reason: 'model',
  };
}
