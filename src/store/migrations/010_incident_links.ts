import type { Kysely, Migration } from 'kysely';
import type { StoreKind } from '../schema.js';
import { columnTypes } from './columns.js';

/**
 * 010: what automatic incidents came from. `incident_auto` marks an incident `soloops watch`
 * opened: `healthy_since` is when every source of it was healthy again (null while one fails),
 * `ended_at` when watch stopped looking after it (it resolved it, or the person did). At most one
 * row has `ended_at` null: the open automatic incident a storm joins. `incident_links` are its
 * sources: an alert group (`ref` its number) or a health check (`ref` its name), with the service
 * it counted for, when it became healthy (null while failing) and, for a group, when its
 * acknowledgement went into the timeline. `incident_auto_lock` holds one row every automatic
 * change writes first, so two daemons (or a daemon and a cron run) never open two incidents for
 * one storm. Never edit after it lands.
 */
export function incidentLinks(kind: StoreKind): Migration {
  const { timestamp, serialId } = columnTypes(kind);
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('incident_auto_lock')
        .addColumn('id', 'integer', (c) => c.primaryKey())
        .addColumn('touched_at', timestamp, (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('incident_auto')
        .addColumn('incident_id', 'text', (c) => c.primaryKey().references('incidents.id').onDelete('cascade'))
        .addColumn('opened_at', timestamp, (c) => c.notNull())
        .addColumn('healthy_since', timestamp)
        .addColumn('ended_at', timestamp)
        .execute();
      await serialId(db.schema.createTable('incident_links'))
        .addColumn('incident_id', 'text', (c) => c.notNull().references('incidents.id').onDelete('cascade'))
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('ref', 'text', (c) => c.notNull())
        .addColumn('service', 'text', (c) => c.notNull())
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('linked_at', timestamp, (c) => c.notNull())
        .addColumn('healthy_at', timestamp)
        .addColumn('acked_at', timestamp)
        .addUniqueConstraint('incident_links_source_unique', ['incident_id', 'kind', 'ref'])
        .execute();
      await db.schema.createIndex('incident_links_ref_idx').on('incident_links').columns(['kind', 'ref']).execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable('incident_links').execute();
      await db.schema.dropTable('incident_auto').execute();
      await db.schema.dropTable('incident_auto_lock').execute();
    },
  };
}
