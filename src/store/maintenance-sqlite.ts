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
    throw new UserError(`${file} is the live database itself`, 'Name another file for the backup.');
  const folder = path.dirname(target);
  if (!fs.existsSync(folder)) throw new UserError(`the folder ${folder} does not exist`, 'Create it first.');
  if (fs.existsSync(target) && fs.statSync(target).isDirectory())
    throw new UserError(`${file} is a folder`, 'Name a file, for example soloops-backup.db.');
  const partial = `${target}.partial-${process.pid}`;
  try {
    await sqlite.backup(partial, { progress: () => 0x7fffffff });
    fs.renameSync(partial, target);
  } catch (error) {
    fs.rmSync(partial, { force: true });
    if (error instanceof UserError) throw error;
    throw new ExternalError(
      `the backup to ${file} failed: ${messageOf(error)}`,
      'Check free space and that the folder is writable.',
      { cause: error },
    );
  }
  return { bytes: fs.statSync(target).size };
}
