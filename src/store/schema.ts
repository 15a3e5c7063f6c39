import type { ColumnType, Generated } from 'kysely';

/**
 * A UTC instant: written as an ISO-8601 string on both backends; read back as ISO text from
 * SQLite and as a Date from PostgreSQL (timestamptz), so readers convert with `new Date(v)`.
 */
export type Timestamp = ColumnType<string | Date, string, string>;

/** The `snapshots` table (migration 001). */
export interface SnapshotsTable {
  id: Generated<number>;
  taken_at: Timestamp;
  host: string;
  cpu_pct: number | null;
  mem_used_pct: number | null;
  disk_max_pct: number | null;
  load1: number | null;
  containers: number | null;
  path: string | null;
  uploaded_url: string | null;
}

/** Every table the store owns, for Kysely's type checking. */
export interface Database {
  snapshots: SnapshotsTable;
}

/** Which SQL dialect a store speaks; migrations branch on it only for column types. */
export type StoreKind = 'sqlite' | 'postgres';
