import type { Kysely, Migration } from 'kysely';

/**
 * 013: an index on `incident_updates (incident_id, status)`. Finding the open automatic incident
 * asks whether it has a `resolved` update (NOT EXISTS); without the index that scanned all of the
 * incident's updates, and a storm joining one incident adds one per group: ingest fell from ~1,300
 * to ~300 alerts/s by the 100,000th group of the soak benchmark (issue 17). Never edit after it lands.
 */
export function incidentUpdateStatus(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createIndex('incident_updates_status_idx')
        .on('incident_updates')
        .columns(['incident_id', 'status'])
        .execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropIndex('incident_updates_status_idx').execute();
    },
  };
}
