import type { Kysely, Migration } from 'kysely';
import type { StoreKind } from '../schema.js';
import { columnTypes } from './columns.js';

/**
 * 008: incidents and their timelines. An incident's id is `inc-<year>-<number>`, the number taken
 * from `incident_sequences` (one row per year, bumped as the first write of the insert's
 * transaction, so two writers wait for each other instead of taking the same number; numbers of
 * deleted incidents are never given again). `services` is JSON text (a list of names).
 * `incident_updates` is the timeline: every status with the note that came with it.
 * Never edit after it lands.
 */
export function incidents(kind: StoreKind): Migration {
  const { timestamp, serialId } = columnTypes(kind);
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('incident_sequences')
        .addColumn('year', 'integer', (c) => c.primaryKey())
        .addColumn('last', 'integer', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('incidents')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('description', 'text', (c) => c.notNull())
        .addColumn('severity', 'text', (c) => c.notNull())
        .addColumn('priority', 'text', (c) => c.notNull())
        // 0/1 on both backends, as `models.active`.
        .addColumn('priority_auto', 'integer', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('services', 'text', (c) => c.notNull())
        .addColumn('reporter', 'text', (c) => c.notNull())
        .addColumn('detection', 'text', (c) => c.notNull())
        .addColumn('created_at', timestamp, (c) => c.notNull())
        .addColumn('resolved_at', timestamp)
        .execute();
      await db.schema.createIndex('incidents_created_idx').on('incidents').column('created_at').execute();
      await serialId(db.schema.createTable('incident_updates'))
        .addColumn('incident_id', 'text', (c) => c.notNull().references('incidents.id').onDelete('cascade'))
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('note', 'text', (c) => c.notNull())
        .addColumn('author', 'text', (c) => c.notNull())
        .addColumn('created_at', timestamp, (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('incident_updates_incident_idx')
        .on('incident_updates')
        .column('incident_id')
        .execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable('incident_updates').execute();
      await db.schema.dropTable('incidents').execute();
      await db.schema.dropTable('incident_sequences').execute();
    },
  };
}
