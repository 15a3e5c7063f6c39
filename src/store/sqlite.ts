import fs from 'node:fs';
import path from 'node:path';
import Sqlite from 'better-sqlite3';
import {
  CompiledQuery,
  Kysely,
  SqliteDialect,
  SqliteDriver,
  type DatabaseConnection,
  type Driver,
  type SqliteDatabase,
  type SqliteDialectConfig,
} from 'kysely';
import { ExternalError, SoloopsError, UserError, messageOf } from '../core/errors.js';
import { rememberSqliteHandle } from './maintenance-sqlite.js';
import { migrateToLatest, pendingMigrations } from './migrate.js';
import type { Database } from './schema.js';
import { SqliteInsertWorker } from './sqlite-insert.js';
import type { Backend } from './store.js';
import { SQLITE_FILE } from './types.js';
import { makeDirSync } from '../core/make-dir.js';

const HOME_HINT = 'pass --home DIR or set SOLOOPS_HOME to a folder you can write to';

/**
 * Kysely opens SQLite transactions with a deferred BEGIN; a deferred reader that later writes
 * fails at once with SQLITE_BUSY_SNAPSHOT when another process committed meanwhile, which
 * busy_timeout cannot help. BEGIN IMMEDIATE takes the write lock up front and waits instead.
 */
class ImmediateSqliteDriver extends SqliteDriver {
  readonly #sqlite: Sqlite.Database;
  constructor(config: SqliteDialectConfig, sqlite: Sqlite.Database) {
    super(config);
    this.#sqlite = sqlite;
  }

  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }

  // On SQLITE_FULL (and IOERR, NOMEM) SQLite may roll the whole transaction back itself. Kysely's
  // ROLLBACK then fails with "cannot rollback - no transaction is active", and that error replaces
  // the real cause in its catch: a full disk would read as a bug. Nothing is left to undo, so skip it.
  override async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    if (this.#sqlite.inTransaction) await super.rollbackTransaction(connection);
  }

  override async rollbackToSavepoint(...args: Parameters<SqliteDriver['rollbackToSavepoint']>): Promise<void> {
    if (this.#sqlite.inTransaction) await super.rollbackToSavepoint(...args);
  }
}

class ImmediateSqliteDialect extends SqliteDialect {
  readonly #config: SqliteDialectConfig;
  readonly #sqlite: Sqlite.Database;
  constructor(sqlite: Sqlite.Database) {
    const config = { database: withStatementCache(sqlite) };
    super(config);
    this.#config = config;
    this.#sqlite = sqlite;
  }
  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.#config, this.#sqlite);
  }
}

/**
 * Kysely prepares every statement anew, and preparing a 500-row INSERT costs about a sixth
 * of running it. Reusing prepared statements by SQL text is safe: the single connection runs one
 * statement at a time (Kysely's mutex), and SQLite re-prepares them itself after a schema change.
 */
function withStatementCache(sqlite: Sqlite.Database, size = 64): SqliteDatabase {
  const cache = new Map<string, Sqlite.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(sql: string) {
      let statement = cache.get(sql);
      if (statement) {
        cache.delete(sql); // re-inserted below: the Map's order doubles as least-recently-used
      } else {
        statement = sqlite.prepare(sql);
        if (cache.size >= size) cache.delete(cache.keys().next().value!);
      }
      cache.set(sql, statement);
      return statement;
    },
  };
}

/**
 * Opens (creating if needed) `<home>/soloops.db` in WAL mode and applies pending migrations.
 * `readOnly`: the caller only reads, so a data folder it may not write to is opened read-only
 * (see openReadOnly) instead of refused.
 */
export async function openSqlite(
  home: string,
  busyTimeoutMs: number,
  durable = false,
  readOnly = false,
): Promise<Backend> {
  if (readOnly && !writable(home)) return openReadOnly(path.join(home, SQLITE_FILE), busyTimeoutMs);
  try {
    // 0700: the database holds alert bodies and incident notes, readable by the owner only.
    makeDirSync(home, 0o700); // not fs.mkdirSync's recursive walk: it spins forever on /proc/x
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? messageOf(error);
    throw new UserError(`cannot create the data folder ${home} (${code})`, HOME_HINT, { cause: error });
  }
  const file = path.join(home, SQLITE_FILE);
  const describe = (error: unknown) => describeSqliteError(error, file);
  let sqlite: Sqlite.Database;
  try {
    sqlite = new Sqlite(file, { timeout: busyTimeoutMs });
    // Takes effect only when the file is new. Alert rows are ~1 KB (body, labels, raw JSON);
    // 16 KiB pages made batched triage inserts ~15–20 % faster than the 4 KiB default.
    sqlite.pragma('page_size = 16384');
    // WAL lets the CLI read while the watch daemon writes; busy_timeout makes writers queue.
    sqlite.pragma('journal_mode = WAL');
    // Under WAL, NORMAL syncs at checkpoints rather than on every commit: a crash of soloops or
    // of the OS loses nothing and never corrupts; only a power cut may lose the last commits.
    // FULL (durable) syncs each commit: what the daemon promises a webhook it answered 202.
    sqlite.pragma(durable ? 'synchronous = FULL' : 'synchronous = NORMAL');
    sqlite.pragma(`busy_timeout = ${Math.max(0, Math.floor(busyTimeoutMs))}`);
    sqlite.pragma('foreign_keys = ON');
  } catch (error) {
    throw describe(error);
  }
  const db = new Kysely<Database>({ dialect: new ImmediateSqliteDialect(sqlite) });
  rememberSqliteHandle(db, sqlite); // for `store backup` and `store stats` (maintenance-sqlite.ts)
  try {
    await migrateToLatest(db as Kysely<unknown>, 'sqlite');
  } catch (error) {
    await db.destroy();
    throw describe(error);
  }
  // Big triage inserts run on a worker thread with its own connection (see sqlite-insert.ts).
  const bulk = new SqliteInsertWorker(file, Math.max(0, Math.floor(busyTimeoutMs)));
  return { kind: 'sqlite', db, describe, bulk };
}

/**
 * Whether this process may write the data folder and its database; a folder not there yet is created
 * by the writable path.
 */
function writable(home: string): boolean {
  const file = path.join(home, SQLITE_FILE);
  try {
    fs.accessSync(home, fs.constants.W_OK);
    if (fs.existsSync(file)) fs.accessSync(file, fs.constants.W_OK);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ENOENT';
  }
}

/**
 * The database of a data folder this process may not write, for reading only. Migrations cannot
 * run, so a schema behind this version is refused with what to do. Nothing is created or changed.
 */
async function openReadOnly(file: string, busyTimeoutMs: number): Promise<Backend> {
  const describe = (error: unknown) => describeSqliteError(error, file);
  if (!fs.existsSync(file)) {
    throw new UserError(
      `there is no database ${file} yet, and its folder is not writable to create one`,
      'point --home or SOLOOPS_HOME at the data folder `soloops watch` writes to',
    );
  }
  let sqlite: Sqlite.Database;
  try {
    sqlite = openReadOnlyFile(file, busyTimeoutMs);
  } catch (error) {
    throw describe(error);
  }
  const db = new Kysely<Database>({ dialect: new ImmediateSqliteDialect(sqlite) });
  rememberSqliteHandle(db, sqlite);
  let pending: string[];
  try {
    pending = await pendingMigrations(db as Kysely<unknown>, 'sqlite');
  } catch (error) {
    await db.destroy();
    throw describe(error);
  }
  if (pending.length > 0) {
    await db.destroy();
    throw new UserError(
      `the database ${file} was written by an older soloops and needs ${pending.length} schema upgrade(s) ` +
        `(${pending.join(', ')}), which cannot run: this process may not write to it`,
      'run a soloops command that writes (for example `soloops watch --once`) once as a user ' +
        'who can write to the data folder, then read again',
    );
  }
  return { kind: 'sqlite', db, describe };
}

// SQLite reads a WAL database in place when its -wal and -shm files exist (a writer has it open)
// or can be created. With neither (no writer, read-only folder) it refuses; but then the last
// writer to close checkpointed everything into the main file, so an image of that file is the
// whole database. It is read into memory with its header set back to rollback mode, because an
// in-memory database cannot be in WAL mode (file format: bytes 18–19, 1 = rollback, 2 = WAL).
function openReadOnlyFile(file: string, busyTimeoutMs: number): Sqlite.Database {
  for (let attempt = 1; ; attempt++) {
    const sqlite = new Sqlite(file, { readonly: true, fileMustExist: true, timeout: busyTimeoutMs });
    try {
      // The first read is where WAL needs its -shm file.
      sqlite.prepare('select count(*) from sqlite_schema').get();
      return sqlite;
    } catch (error) {
      sqlite.close();
      const code = (error as { code?: unknown }).code;
      if (attempt > 2 || typeof code !== 'string' || !/^SQLITE_(READONLY|CANTOPEN)/.test(code)) throw error;
    }
    const before = fs.statSync(file);
    const image = fs.readFileSync(file);
    const after = fs.statSync(file);
    // A writer started meanwhile (or a -wal holds commits the main file lacks): read in place again.
    if (fs.existsSync(`${file}-wal`) || before.mtimeMs !== after.mtimeMs || before.size !== after.size) continue;
    image[18] = 1;
    image[19] = 1;
    return new Sqlite(image, { readonly: true });
  }
}

/**
 * Turns SQLite's environmental failures into errors a person can act on. Anything else
 * (a bad query is our bug) passes through unchanged.
 */
export function describeSqliteError(error: unknown, file: string): unknown {
  if (error instanceof SoloopsError) return error;
  const code = (error as { code?: unknown }).code;
  if (typeof code !== 'string' || !code.startsWith('SQLITE_')) return error;
  const detail = `${messageOf(error)} (${code})`;
  const cause = { cause: error };
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    return new ExternalError(
      `the database ${file} is locked by another process: ${detail}`,
      'another soloops process (often `soloops watch`) is writing to it; retry in a moment, or stop that process',
      cause,
    );
  }
  if (/^SQLITE_(CANTOPEN|READONLY|PERM|AUTH)/.test(code)) {
    return new UserError(`cannot open the database ${file} for writing: ${detail}`, HOME_HINT, cause);
  }
  if (/^SQLITE_(NOTADB|CORRUPT)/.test(code)) {
    return new ExternalError(
      `${file} is not a usable SQLite database: ${detail}`,
      'move the file aside (a fresh one is created on the next run), or point --home / SOLOOPS_HOME elsewhere',
      cause,
    );
  }
  if (/^SQLITE_(FULL|IOERR)/.test(code)) {
    return new ExternalError(
      `cannot write the database ${file}: ${detail}`,
      'check free disk space and the disk itself',
      cause,
    );
  }
  return error;
}
