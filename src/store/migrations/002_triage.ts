import { sql, type CreateTableBuilder, type Kysely, type Migration } from 'kysely';
import type { StoreKind } from '../schema.js';

/**
 * 002: triage results (`alerts`), the person's verdicts on them (`feedback`) and retrained
 * models (`models`). Never edit after it lands.
 */
export function triage(kind: StoreKind): Migration {
  const pg = kind === 'postgres';
  // As in 001: ISO-8601 UTC text on SQLite (sorts chronologically), timestamptz on PostgreSQL.
  const timestamp = pg ? 'timestamptz' : 'text';
  const serialId = <T extends string>(table: CreateTableBuilder<T>) =>
    pg
      ? table.addColumn('id', 'serial', (c) => c.primaryKey())
      : table.addColumn('id', 'integer', (c) => c.primaryKey());
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('alerts')
        // The alert's UUID: ids are printed and typed back (`triage feedback ID`), never reused.
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('received_at', timestamp, (c) => c.notNull())
        .addColumn('source', 'text', (c) => c.notNull())
        .addColumn('service', 'text', (c) => c.notNull())
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('body', 'text', (c) => c.notNull())
        // JSON as text, not jsonb: jsonb reorders keys, and both backends read text the same way.
        .addColumn('labels', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('fingerprint', 'text', (c) => c.notNull())
        // Filled by the grouping stage; the alert_groups table it will point at comes later.
        .addColumn('group_id', 'integer')
        // Kept so a stored alert is a whole NormalizedAlert again: retraining reads these features.
        .addColumn('severity_hint', 'text')
        .addColumn('severity_text', 'text')
        .addColumn('severity', 'text', (c) => c.notNull())
        .addColumn('confidence', 'double precision', (c) => c.notNull())
        .addColumn('classifier', 'text', (c) => c.notNull())
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('raw', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('alerts_fingerprint_idx').on('alerts').column('fingerprint').execute();
      await db.schema.createIndex('alerts_received_at_idx').on('alerts').column('received_at').execute();

      await serialId(db.schema.createTable('feedback'))
        .addColumn('alert_id', 'text', (c) => c.notNull().references('alerts.id').onDelete('cascade'))
        .addColumn('verdict', 'text', (c) => c.notNull())
        // The right severity: the alert's own for `correct`, the one given for `wrong`.
        .addColumn('severity', 'text', (c) => c.notNull())
        .addColumn('created_at', timestamp, (c) => c.notNull())
        .execute();
      await db.schema.createIndex('feedback_alert_id_idx').on('feedback').column('alert_id').execute();

      await serialId(db.schema.createTable('models'))
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('created_at', timestamp, (c) => c.notNull())
        .addColumn('data', 'text', (c) => c.notNull())
        .addColumn('metrics', 'text', (c) => c.notNull())
        // 0/1 on both backends: SQLite has no boolean and better-sqlite3 cannot bind one.
        .addColumn('active', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
      // At most one active model per kind, whatever a buggy or concurrent writer does.
      await db.schema
        .createIndex('models_one_active_per_kind')
        .on('models')
        .column('kind')
        .unique()
        .where(sql.ref('active'), '=', 1)
        .execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable('models').execute();
      await db.schema.dropTable('feedback').execute();
      await db.schema.dropTable('alerts').execute();
    },
  };
}
