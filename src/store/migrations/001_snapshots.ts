import type { Kysely, Migration } from 'kysely';
import type { StoreKind } from '../schema.js';

/** 001: snapshot summaries, queried newest-first per host. Never edit after it lands. */
export function snapshots(kind: StoreKind): Migration {
  return {
    async up(db: Kysely<unknown>) {
      let table = db.schema.createTable('snapshots');
      // SQLite has no timestamp type: ISO-8601 UTC text sorts chronologically as long as every
      // writer uses toISOString(). PostgreSQL gets a real timestamptz.
      table =
        kind === 'postgres'
          ? table
              .addColumn('id', 'serial', (c) => c.primaryKey())
              .addColumn('taken_at', 'timestamptz', (c) => c.notNull())
          : table.addColumn('id', 'integer', (c) => c.primaryKey()).addColumn('taken_at', 'text', (c) => c.notNull());
      await table
        .addColumn('host', 'text', (c) => c.notNull())
        // double precision: PG's `real` is float4 and would turn 12.3 into 12.3000001907.
        .addColumn('cpu_pct', 'double precision')
        .addColumn('mem_used_pct', 'double precision')
        .addColumn('disk_max_pct', 'double precision')
        .addColumn('load1', 'double precision')
        .addColumn('containers', 'integer')
        .addColumn('path', 'text')
        .addColumn('uploaded_url', 'text')
        .execute();
      await db.schema
        .createIndex('snapshots_host_taken_at_idx')
        .on('snapshots')
        .columns(['host', 'taken_at'])
        .execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable('snapshots').execute();
    },
  };
}
