import fs from 'node:fs';
import path from 'node:path';
import Sqlite from 'better-sqlite3';
import { Kysely, SqliteDialect, sql } from 'kysely';
import { ExternalError, UserError, messageOf } from '../core/errors.js';
import { appliedMigrations, pendingMigrations } from './migrate.js';
import { SQLITE_FILE } from './types.js';
import { makeDirSync } from '../core/make-dir.js';

// Loaded only by `soloops store restore` (it imports better-sqlite3 at the top).

/** What a restore did. */
export interface RestoreOutcome {
  /** The database file now in place. */
  database: string;
  /** Where the database it replaced was kept, or null when there was none. */
  previous: string | null;
  /** The backup's migrations; later ones run the next time soloops opens the store. */
  migrations: string[];
}

const HEADER = 'SQLite format 3\0';

/**
 * Checks that `file` is a soloops SQLite database this version can use: the SQLite header, an
 * intact file (quick_check), soloops's migration table, and no migration this version does not know
 * (a backup of a newer soloops). Returns its applied migrations.
 */
export async function inspectBackup(file: string): Promise<string[]> {
  if (!fs.existsSync(file) || !fs.statSync(file).isFile())
    throw new UserError(`cannot read ${file}: no such file`, 'give the file `soloops store backup FILE` wrote');
  const head = Buffer.alloc(16);
  const fd = fs.openSync(file, 'r');
  try {
    fs.readSync(fd, head, 0, 16, 0);
  } finally {
    fs.closeSync(fd);
  }
  const notOurs = (why: string) =>
    new UserError(`${file} is not a soloops database: ${why}`, 'give the file `soloops store backup FILE` wrote');
  if (head.toString('latin1') !== HEADER) throw notOurs('it is not an SQLite file');
  let sqlite: Sqlite.Database;
  try {
    sqlite = new Sqlite(file, { readonly: true, fileMustExist: true });
  } catch (error) {
    throw notOurs(messageOf(error));
  }
  const db = new Kysely<unknown>({ dialect: new SqliteDialect({ database: sqlite }) });
  try {
    const check = sqlite.pragma('quick_check', { simple: true });
    if (check !== 'ok') throw notOurs(`SQLite finds it damaged (${String(check)})`);
    const table = sqlite
      .prepare("select 1 from sqlite_schema where type = 'table' and name = 'kysely_migration'")
      .get();
    if (!table) throw notOurs('it has no soloops schema (no kysely_migration table)');
    const recorded = (
      await sql<{ name: string }>`select name from kysely_migration order by name`.execute(db)
    ).rows.map((r) => r.name);
    const known = new Set([...(await appliedMigrations(db, 'sqlite')), ...(await pendingMigrations(db, 'sqlite'))]);
    const unknown = recorded.filter((name) => !known.has(name));
    if (!recorded.includes('001_snapshots')) throw notOurs('its schema is not soloops’s (no migration 001_snapshots)');
    if (unknown.length > 0)
      throw new UserError(
        `${file} was written by a newer soloops (migrations ${unknown.join(', ')} are unknown to this version)`,
        'upgrade soloops (install the newer release the way you installed this one), then restore again',
      );
    return recorded;
  } catch (error) {
    if (error instanceof UserError) throw error;
    throw notOurs(messageOf(error));
  } finally {
    await db.destroy();
  }
}

/**
 * Replaces `<home>/soloops.db` with a copy of `file` (through the backup API, so a backup that still
 * has its own -wal is copied whole). The database it replaces is checkpointed and kept beside it as
 * `soloops.db.before-restore-<UTC time>`. The caller has made sure no daemon uses the folder.
 */
export async function restoreSqlite(home: string, file: string, now: Date): Promise<RestoreOutcome> {
  const migrations = await inspectBackup(file);
  const database = path.join(home, SQLITE_FILE);
  if (path.resolve(file) === path.resolve(database))
    throw new UserError(`${file} is the live database itself`, 'give a backup file');
  makeDirSync(home, 0o700);
  const incoming = `${database}.restoring-${process.pid}`;
  try {
    const source = new Sqlite(file, { readonly: true, fileMustExist: true });
    try {
      await source.backup(incoming, { progress: () => 0x7fffffff });
    } finally {
      source.close();
    }
  } catch (error) {
    fs.rmSync(incoming, { force: true });
    throw new ExternalError(`cannot copy ${file} into ${home}: ${messageOf(error)}`, 'check free space', {
      cause: error,
    });
  }
  let previous: string | null = null;
  if (fs.existsSync(database)) {
    // Everything of the old database into its main file, so the kept copy is one whole file.
    const old = new Sqlite(database, { fileMustExist: true });
    try {
      old.pragma('wal_checkpoint(TRUNCATE)');
    } finally {
      old.close();
    }
    previous = `${database}.before-restore-${now.toISOString().replace(/[:.]/g, '-')}`;
    fs.renameSync(database, previous);
    // Emptied by the checkpoint; an old -wal left beside the new file would be applied to it.
    for (const suffix of ['-wal', '-shm']) fs.rmSync(`${database}${suffix}`, { force: true });
  }
  fs.renameSync(incoming, database);
  return { database, previous, migrations };
}
