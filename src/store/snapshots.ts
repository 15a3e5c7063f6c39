import type { Kysely } from 'kysely';
import { BugError } from '../core/errors.js';
import type { Database } from './schema.js';
import type { SnapshotRow } from './types.js';

/** Inserts one snapshot summary; returns its id. */
export async function insertSnapshot(db: Kysely<Database>, row: SnapshotRow): Promise<number> {
  const { id } = await db
    .insertInto('snapshots')
    .values({
      // Always ISO-8601 UTC: SQLite orders this text chronologically, PostgreSQL parses it.
      taken_at: row.takenAt.toISOString(),
      host: row.host,
      cpu_pct: row.cpuPct,
      mem_used_pct: row.memUsedPct,
      disk_max_pct: row.diskMaxPct,
      load1: row.load1,
      containers: row.containers,
      path: row.path,
      uploaded_url: row.uploadedUrl,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

/** Snapshot summaries, newest first (id breaks ties between equal timestamps). */
export async function selectSnapshots(
  db: Kysely<Database>,
  options: { host?: string; limit?: number; since?: Date } = {},
): Promise<SnapshotRow[]> {
  const { host, limit, since } = options;
  if (limit !== undefined && !(Number.isInteger(limit) && limit >= 0)) {
    throw new BugError(`listSnapshots: limit must be a non-negative integer, got ${limit}`);
  }
  let query = db.selectFrom('snapshots').selectAll().orderBy('taken_at', 'desc').orderBy('id', 'desc');
  if (host !== undefined) query = query.where('host', '=', host);
  if (since !== undefined) query = query.where('taken_at', '>=', since.toISOString());
  if (limit !== undefined) query = query.limit(limit);
  const rows = await query.execute();
  return rows.map((r) => ({
    takenAt: new Date(r.taken_at),
    host: r.host,
    cpuPct: r.cpu_pct,
    memUsedPct: r.mem_used_pct,
    diskMaxPct: r.disk_max_pct,
    load1: r.load1,
    containers: r.containers,
    path: r.path,
    uploadedUrl: r.uploaded_url,
  }));
}
