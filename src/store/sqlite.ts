import fs from 'node:fs';
import path from 'node:path';
import Sqlite from 'better-sqlite3';
import { CompiledQuery, Kysely, SqliteDialect, SqliteDriver, type DatabaseConnection, type Driver,
  type SqliteDatabase, type SqliteDialectConfig } from 'kysely';
import { ExternalError, SoloopsError, UserError, messageOf } from '../core/errors.js';
import { migrateToLatest } from './migrate.js';
import type { Database } from './schema.js';
import { SqliteInsertWorker } from './sqlite-insert.js';
import type { Backend } from './store.js';
import { SQLITE_FILE } from './types.js';

const HOME_HINT = 'Pass --home DIR or set SOLOOPS_HOME to a folder you can write to.';

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

/** Opens (creating if needed) `<home>/soloops.db` in WAL mode and applies pending migrations. */
export async function openSqlite(home: string, busyTimeoutMs: number, durable = false): Promise<Backend> {
  try {
    // 0700: the database holds alert bodies and incident notes, readable by the owner only.
    fs.mkdirSync(home, { recursive: true, mode: 0o700 });
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
    return new ExternalError(`the database ${file} is locked by another process: ${detail}`,
      'Another soloops process (often `soloops watch`) is writing to it; retry in a moment, or stop that process.', cause);
  }
  if (/^SQLITE_(CANTOPEN|READONLY|PERM|AUTH)/.test(code)) {
    return new UserError(`cannot open the database ${file} for writing: ${detail}`, HOME_HINT, cause);
  }
  if (/^SQLITE_(NOTADB|CORRUPT)/.test(code)) {
    return new ExternalError(`${file} is not a usable SQLite database: ${detail}`,
      'Move the file aside (a fresh one is created on the next run), or point --home / SOLOOPS_HOME elsewhere.', cause);
  }
  if (/^SQLITE_(FULL|IOERR)/.test(code)) {
    return new ExternalError(`cannot write the database ${file}: ${detail}`, 'Check free disk space and the disk itself.', cause);
  }
  return error;
}
