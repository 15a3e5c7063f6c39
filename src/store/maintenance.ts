import { type Kysely, sql } from 'kysely';
import { UserError } from '../core/errors.js';
import type { DownThresholds } from '../core/sla.js';
import { DEFAULT_CHUNK_POLICY, Pacer } from './maintenance-chunks.js';
import { pruneAll } from './maintenance-prune.js';
import {
  onUnsyncedConnection,
  sqliteBackup,
  sqliteFileBytes,
  sqliteHandleOf,
  sqliteTableBytes,
} from './maintenance-sqlite.js';
import type { Database, StoreKind } from './schema.js';
import { rollUpDays } from './sla-rollup.js';

/** How old a row may get before `prune` deletes it, per kind of data (a cutoff: older rows go). */
export interface RetentionCutoffs {
  /** Raw alerts (triage results) received before this; those of unresolved groups or with feedback stay. */
  alerts: Date;
  /** Raw check results (and imported usage requests) taken before this (only of days already rolled up). */
  checkResults: Date;
  /** Snapshot rows taken before this. */
  snapshots: Date;
  /** Daily roll-ups and down spells before this day; null or absent keeps them. */
  rollups?: Date | null;
}

/** One table's size as `store stats` shows it. */
export interface TableStats {
  table: string;
  rows: number;
  /** On-disk bytes where the engine tells them (PostgreSQL; SQLite with dbstat), else null. */
  bytes: number | null;
}

/** Options of a pass of housekeeping. */
export interface ChunkOptions {
  /** The most rows one statement deletes (default 5,000; the size adapts below it to ~20 ms a step). */
  batchSize?: number;
  /** Stops between steps (the daemon stopping); the promise rejects with the signal's reason. */
  signal?: AbortSignal;
}

/** What a prune did (or, on a dry run, would do), and how long its longest step held the event loop. */
export interface PruneOutcome {
  /** Rows deleted (to be deleted) per table. */
  rows: Record<string, number>;
  /** The longest single step in ms: with SQLite, the longest the daemon's event loop was blocked. */
  longestStepMs: number;
  steps: number;
  /** The largest batch a step was given (never above batchSize). */
  largestBatch: number;
}

/** Housekeeping of the store: sizes, retention, backups (issue 17). */
export interface MaintenanceStore {
  stats(): Promise<{ tables: TableStats[]; totalBytes: number | null }>;
  /**
   * Rolls whole UTC days before `before` into daily roll-ups (store.sla.rollUp), a few checks a
   * step. Returns the days rolled and the longest step.
   */
  rollUp(
    before: Date,
    thresholds: Readonly<Record<string, DownThresholds>>,
    options?: ChunkOptions,
  ): Promise<{ days: string[]; longestStepMs: number }>;
  /**
   * Deletes rows older than the cutoffs in small batches, yielding between them so ingest is
   * never blocked long; with dryRun only counts.
   */
  prune(cutoffs: RetentionCutoffs, options?: ChunkOptions & { dryRun?: boolean }): Promise<PruneOutcome>;
  /** SQLite: an online backup to `file` while others write; PostgreSQL: a UserError pointing at pg_dump. */
  backup(file: string): Promise<{ file: string; bytes: number }>;
}

const pacerFor = (options: ChunkOptions = {}) =>
  new Pacer(
    {
      ...DEFAULT_CHUNK_POLICY,
      max: Math.max(DEFAULT_CHUNK_POLICY.min, options.batchSize ?? DEFAULT_CHUNK_POLICY.max),
    },
    options.signal,
  );

/** The store's housekeeping on either backend. */
export function createMaintenanceStore(db: Kysely<Database>, kind: StoreKind): MaintenanceStore {
  return {
    stats: () => (kind === 'sqlite' ? sqliteStats(db) : postgresStats(db)),

    async rollUp(before, thresholds, options) {
      const pacer = pacerFor(options);
      const days = await smallCheckpoints(db, () => rollUpDays(db, kind, before, thresholds, pacer));
      return { days, longestStepMs: pacer.longestMs };
    },

    async prune(cutoffs, options = {}) {
      const pacer = pacerFor(options);
      const rows = await onUnsyncedConnection(db, (steps) =>
        smallCheckpoints(steps, () =>
          pruneAll(steps, { ...cutoffs, rollups: cutoffs.rollups ?? null }, pacer, options.dryRun ?? false),
        ),
      );
      return { rows, longestStepMs: pacer.longestMs, steps: pacer.steps, largestBatch: pacer.largestBatch };
    },

    async backup(file) {
      const sqlite = sqliteHandleOf(db);
      if (kind === 'postgres' || !sqlite)
        throw new UserError(
          'soloops store backup copies the SQLite database; this store is PostgreSQL',
          'back PostgreSQL up with its own tools, which copy a consistent snapshot while watch runs: ' +
            'pg_dump --format=custom --file soloops.dump "$SOLOOPS_DB_URL" (restore with pg_restore --clean ' +
            '--dbname "$SOLOOPS_DB_URL" soloops.dump)',
        );
      const { bytes } = await sqliteBackup(sqlite, file);
      return { file, bytes };
    },
  };
}

/** WAL pages after which a commit checkpoints, during a pass (SQLite's default is 1,000). */
const PASS_CHECKPOINT_PAGES = 128;

/**
 * Runs a pass with SQLite checkpointing every 128 pages (2 MB) instead of 1,000 (16 MB). A delete
 * step dirties about a table page per row (a check's rows are spread among every other check's),
 * so the WAL fills fast, and the commit that crosses the limit copies it all into the database
 * inside its step: 16 MB at once held the loop 60–120 ms in bench/prune.mjs. Restored after.
 */
async function smallCheckpoints<T>(db: Kysely<Database>, pass: () => Promise<T>): Promise<T> {
  const sqlite = sqliteHandleOf(db);
  if (!sqlite || sqlite.readonly) return pass();
  const before = Number(sqlite.pragma('wal_autocheckpoint', { simple: true }));
  // 0: something else checkpoints (a worker thread, say); leave that alone.
  if (!(before > PASS_CHECKPOINT_PAGES)) return pass();
  sqlite.pragma(`wal_autocheckpoint = ${PASS_CHECKPOINT_PAGES}`);
  try {
    return await pass();
  } finally {
    sqlite.pragma(`wal_autocheckpoint = ${before}`);
  }
}

/** Tables soloops owns (not Kysely's migration bookkeeping), by name. */
async function tableNames(db: Kysely<Database>, kind: StoreKind): Promise<string[]> {
  const query =
    kind === 'sqlite'
      ? sql<{ name: string }>`select name from sqlite_schema where type = 'table' and name not like 'sqlite_%'`
      : sql<{ name: string }>`select tablename as name from pg_tables where schemaname = current_schema()`;
  const { rows } = await query.execute(db);
  return rows
    .map((r) => r.name)
    .filter((name) => !name.startsWith('kysely_'))
    .sort();
}

async function rowCounts(db: Kysely<Database>, names: string[]): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (const name of names) {
    const { rows } = await sql<{ n: number | string }>`select count(*) as n from ${sql.table(name)}`.execute(db);
    counts.set(name, Number(rows[0]?.n ?? 0));
  }
  return counts;
}

async function sqliteStats(db: Kysely<Database>) {
  const names = await tableNames(db, 'sqlite');
  const counts = await rowCounts(db, names);
  const sqlite = sqliteHandleOf(db);
  const bytes = sqlite ? sqliteTableBytes(sqlite) : null;
  return {
    tables: names.map((table) => ({
      table,
      rows: counts.get(table) ?? 0,
      bytes: bytes ? (bytes.get(table) ?? 0) : null,
    })),
    totalBytes: sqlite ? sqliteFileBytes(sqlite) : null,
  };
}

async function postgresStats(db: Kysely<Database>) {
  const names = await tableNames(db, 'postgres');
  const counts = await rowCounts(db, names);
  const { rows } = await sql<{ name: string; bytes: string | number }>`
    select c.relname as name, pg_total_relation_size(c.oid) as bytes
    from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = current_schema() and c.relkind = 'r'`.execute(db);
  const bytes = new Map(rows.map((r) => [r.name, Number(r.bytes)]));
  const total = await sql<{ bytes: string | number }>`select pg_database_size(current_database()) as bytes`.execute(db);
  return {
    tables: names.map((table) => ({ table, rows: counts.get(table) ?? 0, bytes: bytes.get(table) ?? null })),
    totalBytes: Number(total.rows[0]?.bytes ?? 0),
  };
}
