/** One snapshot's summary row, kept so later commands can chart history. */
export interface SnapshotRow {
  takenAt: Date;
  host: string;
  cpuPct: number | null;
  memUsedPct: number | null;
  diskMaxPct: number | null;
  load1: number | null;
  containers: number | null;
  /** Local file the snapshot was written to, if any. */
  path: string | null;
  /** s3:// URL it was uploaded to, if any. */
  uploadedUrl: string | null;
}

/** The database behind every command: SQLite by default, PostgreSQL by URL. */
export interface Store {
  /** `sqlite` or `postgres`. */
  readonly kind: 'sqlite' | 'postgres';
  recordSnapshot(row: SnapshotRow): Promise<number>;
  /** Newest first. */
  listSnapshots(options?: { host?: string; limit?: number }): Promise<SnapshotRow[]>;
  /** Names of the migrations applied to this database, oldest first (e.g. `001_snapshots`). */
  appliedMigrations(): Promise<string[]>;
  close(): Promise<void>;
}

/** How to open the store: a postgres:// URL, or the data folder for the SQLite file. */
export interface StoreOptions {
  url?: string | undefined;
  home: string;
  /** SQLite only: how long to wait for another process's lock before failing (default 5000 ms). */
  busyTimeoutMs?: number | undefined;
}
