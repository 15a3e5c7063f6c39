import type { CreateTableBuilder, Kysely, Migration } from 'kysely';
import type { StoreKind } from '../schema.js';

/**
 * 003: the watch daemon's tables. `inbox` holds accepted alerts until the pipeline has triaged
 * and grouped them (a webhook is acknowledged once its alerts are here); `alert_groups` are the
 * incidents-in-the-making alerts join; `routes` records each routing decision (wake or digest);
 * `check_results` every health-check probe; `silences` the person's mutes. Never edit after it lands.
 */
export function watch(kind: StoreKind): Migration {
  const pg = kind === 'postgres';
  const timestamp = pg ? 'timestamptz' : 'text';
  const serialId = <T extends string>(table: CreateTableBuilder<T>) =>
    pg
      ? table.addColumn('id', 'serial', (c) => c.primaryKey())
      : table.addColumn('id', 'integer', (c) => c.primaryKey());
  return {
    async up(db: Kysely<unknown>) {
      // `seq` keeps arrival order for the pipeline; `id` is the alert's id, returned in the 202.
      await db.schema
        .createTable('inbox')
        .addColumn('seq', pg ? 'bigserial' : 'integer', (c) => c.primaryKey())
        .addColumn('id', 'text', (c) => c.notNull().unique())
        .addColumn('received_at', timestamp, (c) => c.notNull())
        // The whole NormalizedAlert as JSON: the pipeline resumes from it after a crash.
        .addColumn('alert', 'text', (c) => c.notNull())
        .execute();

      await serialId(db.schema.createTable('alert_groups'))
        .addColumn('group_key', 'text', (c) => c.notNull())
        .addColumn('service', 'text', (c) => c.notNull())
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('severity', 'text', (c) => c.notNull())
        // open → (acked) → resolved; a resolved or stale group is never joined again.
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('first_seen', timestamp, (c) => c.notNull())
        .addColumn('last_seen', timestamp, (c) => c.notNull())
        .addColumn('alert_count', 'integer', (c) => c.notNull())
        .addColumn('last_alert_id', 'text', (c) => c.notNull())
        .addColumn('resolved_at', timestamp)
        // What the last routing decision covered, so the next one is made only for news.
        .addColumn('routed_at', timestamp)
        .addColumn('routed_count', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('routed_severity', 'text')
        .execute();
      await db.schema
        .createIndex('alert_groups_key_state_idx')
        .on('alert_groups')
        .columns(['group_key', 'state'])
        .execute();

      await serialId(db.schema.createTable('routes'))
        .addColumn('group_id', 'integer', (c) => c.notNull().references('alert_groups.id').onDelete('cascade'))
        // `wake` (the critical ladder) or `digest` (the morning digest queue).
        .addColumn('target', 'text', (c) => c.notNull())
        .addColumn('severity', 'text', (c) => c.notNull())
        .addColumn('alert_count', 'integer', (c) => c.notNull())
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('created_at', timestamp, (c) => c.notNull())
        // Filled by whoever consumes the route (the wake ladder, the digest); null = pending.
        .addColumn('done_at', timestamp)
        .execute();
      await db.schema.createIndex('routes_group_id_idx').on('routes').column('group_id').execute();

      await serialId(db.schema.createTable('check_results'))
        .addColumn('check_name', 'text', (c) => c.notNull())
        .addColumn('at', timestamp, (c) => c.notNull())
        .addColumn('ok', 'integer', (c) => c.notNull())
        .addColumn('status', 'integer')
        .addColumn('ms', 'double precision', (c) => c.notNull())
        .addColumn('error_type', 'text')
        .addColumn('error', 'text')
        .execute();
      await db.schema
        .createIndex('check_results_name_at_idx')
        .on('check_results')
        .columns(['check_name', 'at'])
        .execute();

      await serialId(db.schema.createTable('silences'))
        // JSON object of field → glob (service, source, title, labels.<name>): all must match.
        .addColumn('matchers', 'text', (c) => c.notNull())
        .addColumn('starts_at', timestamp, (c) => c.notNull())
        .addColumn('ends_at', timestamp, (c) => c.notNull())
        .addColumn('comment', 'text', (c) => c.notNull())
        .addColumn('created_at', timestamp, (c) => c.notNull())
        .execute();
    },
    async down(db: Kysely<unknown>) {
      for (const table of ['silences', 'check_results', 'routes', 'alert_groups', 'inbox'])
        await db.schema.dropTable(table).execute();
    },
  };
}
