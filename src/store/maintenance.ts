import type { Kysely } from 'kysely';
import type { Database, StoreKind } from './schema.js';

/** How old a row may get before `prune` deletes it, per kind of data (a cutoff: older rows go). */
export interface RetentionCutoffs {
  /** Raw alerts (triage results) received before this. */
  alerts: Date;
  /** Raw check results taken before this (only of days already rolled up into check_daily). */
  checkResults: Date;
  /** Snapshot rows taken before this. */
  snapshots: Date;
}

/** One table's size as `store stats` shows it. */
export interface TableStats {
  table: string;
  rows: number;
  /** On-disk bytes where the engine tells them (PostgreSQL; SQLite with dbstat), else null. */
  bytes: number | null;
}

/** Housekeeping of the store: sizes, retention, backups (issue 17). */
export interface MaintenanceStore {
  stats(): Promise<{ tables: TableStats[]; totalBytes: number | null }>;
  /**
   * Deletes rows older than the cutoffs in small batches, yielding between them so ingest is
   * never blocked long; with dryRun only counts. Returns rows (to be) deleted per table.
   */
  prune(
    cutoffs: RetentionCutoffs,
    options?: { dryRun?: boolean; batchSize?: number; signal?: AbortSignal },
  ): Promise<Record<string, number>>;
  /** SQLite: an online backup to `file` while others write; PostgreSQL: a UserError pointing at pg_dump. */
  backup(file: string): Promise<void>;
}

/** Stub until the maintenance work lands (issue 17). */
export function createMaintenanceStore(_db: Kysely<Database>, _kind: StoreKind): MaintenanceStore {
  const notYet = () => Promise.reject(new Error('store maintenance is not built yet'));
  return { stats: notYet, prune: notYet, backup: notYet };
}
