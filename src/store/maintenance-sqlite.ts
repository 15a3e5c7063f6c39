import fs from 'node:fs';
import path from 'node:path';
import type Sqlite from 'better-sqlite3';
import type { Kysely } from 'kysely';
import { ExternalError, UserError, messageOf } from '../core/errors.js';
import type { Database } from './schema.js';

// Type-only import of better-sqlite3: store.ts loads this module for PostgreSQL too, which must
// not load the native SQLite driver.

const handles = new WeakMap<object, Sqlite.Database>();

/** sqlite.ts records which better-sqlite3 connection is behind a Kysely instance (for backups and sizes). */
export function rememberSqliteHandle(db: Kysely<Database>, sqlite: Sqlite.Database): void {
  handles.set(db, sqlite);
}

/** The connection behind `db`, or null (PostgreSQL, or a store not opened by sqlite.ts). */
export function sqliteHandleOf(db: Kysely<Database>): Sqlite.Database | null {
  return handles.get(db) ?? null;
}

/** Bytes per table (its indexes included) from the dbstat virtual table; null when it is missing. */
export function sqliteTableBytes(sqlite: Sqlite.Database): Map<string, number> | null {
  try {
    const rows = sqlite
      .prepare(
        `select coalesce(m.tbl_name, s.name) as tbl, sum(s.pgsize) as bytes
         from dbstat s left join sqlite_schema m on m.name = s.name group by tbl`,
      )
      .all() as { tbl: string; bytes: number }[];
    return new Map(rows.map((r) => [r.tbl, Number(r.bytes)]));
  } catch {
    return null;
  }
}

/** The database file plus its write-ahead log, in bytes. */
export function sqliteFileBytes(sqlite: Sqlite.Database): number | null {
  if (sqlite.memory || !sqlite.name) return null;
  const size = (file: string) => {
    try {
      return fs.statSync(file).size;
    } catch {
      return 0;
    }
  };
  return size(sqlite.name) + size(`${sqlite.name}-wal`);
}

/**
 * A consistent copy of the live database in `file` through SQLite's online backup API, written
 * beside it under a temporary name and renamed when complete. After a first small step the rest is
 * copied in one step: in WAL mode that step's read transaction does not block the daemon's writes,
 * whereas a write by another process between small steps would restart the copy every time.
 */
export async function sqliteBackup(sqlite: Sqlite.Database, file: string): Promise<{ bytes: number }> {
  const target = path.resolve(file);
  if (!sqlite.memory && path.resolve(sqlite.name) === target)
    throw new UserError(`${file} is the live database itself`, 'name another file for the backup');
  const folder = path.dirname(target);
  if (!fs.existsSync(folder)) throw new UserError(`the folder ${folder} does not exist`, 'create it first');
  if (fs.existsSync(target) && fs.statSync(target).isDirectory())
    throw new UserError(`${file} is a folder`, 'name a file, for example soloops-backup.db');
  const partial = `${target}.partial-${process.pid}`;
  try {
    await sqlite.backup(partial, { progress: () => 0x7fffffff });
    fs.renameSync(partial, target);
  } catch (error) {
    fs.rmSync(partial, { force: true });
    if (error instanceof UserError) throw error;
    throw new ExternalError(
      `the backup to ${file} failed: ${messageOf(error)}`,
      'check free space and that the folder is writable',
      { cause: error },
    );
  }
  return { bytes: fs.statSync(target).size };
}

/**
 * Runs `work` on a second connection to the same SQLite file with synchronous = NORMAL, for the
 * retention pass's deletes. The daemon's own connection syncs every commit to disk (synchronous =
 * FULL: an acknowledged alert survives a power cut), and each sync, on the one thread, held the
 * event loop for a delete step as long as the disk took. A delete need not be durable (a lost one
 * is redone the next day), and the next FULL commit of the daemon's connection syncs the log with
 * these frames in it anyway. Only single-statement steps run here: a transaction spanning awaits
 * on a second connection could make the first wait on its lock on the same thread.
 */
export async function onUnsyncedConnection<T>(
  db: Kysely<Database>,
  work: (unsynced: Kysely<Database>) => Promise<T>,
): Promise<T> {
  const main = sqliteHandleOf(db);
  if (!main || main.readonly || main.memory) return work(db);
  const { default: Sqlite } = await import('better-sqlite3');
  const { Kysely: KyselyClass, SqliteDialect } = await import('kysely');
  const connection = new Sqlite(main.name, { timeout: 5_000 });
  connection.pragma('synchronous = NORMAL');
  connection.pragma(`wal_autocheckpoint = ${Number(main.pragma('wal_autocheckpoint', { simple: true }))}`);
  const unsynced = new KyselyClass<Database>({ dialect: new SqliteDialect({ database: connection }) });
  rememberSqliteHandle(unsynced, connection);
  try {
    return await work(unsynced);
  } finally {
    await unsynced.destroy();
  }
}
