import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Sqlite from 'better-sqlite3';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import type { NormalizedAlert } from '../core/alert.js';
import { ExternalError } from '../core/errors.js';
import { openSqlite } from './sqlite.js';
import { createStore } from './store.js';
import type { Store } from './types.js';

// A full disk, for real but without a tiny filesystem: PRAGMA max_page_count caps the database on
// this connection, and a write past it fails with SQLITE_FULL ("database or disk is full") exactly
// as a full disk does, including SQLite rolling the whole transaction back itself.

const dirs: string[] = [];
const stores: Store[] = [];
afterEach(async () => {
  for (const store of stores.splice(0)) await store.close();
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function alert(body = ''): NormalizedAlert {
  return {
    id: randomUUID(),
    source: 'generic',
    service: 'api',
    title: 'api is down',
    body,
    labels: {},
    status: 'firing',
    severityHint: null,
    severityText: null,
    fingerprint: 'fp-api-down',
    receivedAt: new Date().toISOString(),
    raw: {},
  };
}

/** A store whose database may grow by only `pages` more pages (16 KiB each). */
async function nearlyFull(): Promise<{ store: Store; file: string; cap(pages: number): Promise<void> }> {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'soloops-full-'));
  dirs.push(home);
  const backend = await openSqlite(home, 1_000);
  const store = createStore(backend);
  stores.push(store);
  const cap = async (pages: number) => {
    const { rows } = await sql<{ page_count: number }>`pragma page_count`.execute(backend.db);
    await sql.raw(`pragma max_page_count = ${rows[0]!.page_count + pages}`).execute(backend.db);
  };
  return { store, file: path.join(home, 'soloops.db'), cap };
}

function inboxIds(file: string): string[] {
  const db = new Sqlite(file, { readonly: true });
  try {
    return (db.prepare('select id from inbox order by seq').all() as Array<{ id: string }>).map((r) => r.id);
  } finally {
    db.close();
  }
}

async function failure(work: Promise<unknown>): Promise<ExternalError> {
  const error = await work.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ExternalError);
  return error as ExternalError;
}

describe('SQLite on a full disk', () => {
  it('reports the full disk, not "cannot rollback", when SQLite rolled the transaction back itself', async () => {
    const { store, file, cap } = await nearlyFull();
    const accepted = alert();
    await store.watch.enqueue([accepted]);
    await cap(2);
    // A 100 KB body needs more overflow pages than are left: SQLite aborts the whole transaction.
    const error = await failure(store.watch.enqueue([alert('x'.repeat(100_000))]));
    expect(error.message).toMatch(
      /^cannot write the database .*soloops\.db: database or disk is full \(SQLITE_FULL\)$/,
    );
    expect(error.message).not.toContain('rollback');
    expect(error.hint).toMatch(/free disk space/);
    expect(inboxIds(file)).toEqual([accepted.id]);
    // Nothing is left half-open: once there is room again, the store writes as before.
    await cap(1_000);
    const later = alert('x'.repeat(100_000));
    await store.watch.enqueue([later]);
    expect(inboxIds(file)).toEqual([accepted.id, later.id]);
  });

  it('keeps a many-alert request all out, and the alerts accepted before it in', async () => {
    const { store, file, cap } = await nearlyFull();
    const before = [alert(), alert()];
    await store.watch.enqueue(before);
    await cap(4);
    const error = await failure(store.watch.enqueue(Array.from({ length: 3_000 }, () => alert('y'.repeat(2_000)))));
    expect(error.message).toMatch(/database or disk is full \(SQLITE_FULL\)/);
    expect(inboxIds(file)).toEqual(before.map((a) => a.id));
  });
});
