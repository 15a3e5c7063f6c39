import type { Kysely, Migration } from 'kysely';
import type { StoreKind } from '../schema.js';
import { columnTypes } from './columns.js';

/**
 * 004: Smart Wake. `wake_ladders` holds one ladder per critical group with its whole plan
 * (steps and due times) and how far it got, so a restarted daemon resumes it without skipping
 * or repeating a step; `notifications` every attempt on every channel with the provider's id,
 * outcome and cost. Never edit after it lands.
 */
export function wake(kind: StoreKind): Migration {
  const { timestamp, serialId } = columnTypes(kind);
  return {
    async up(db: Kysely<unknown>) {
      await serialId(db.schema.createTable('wake_ladders'))
        // Unique: alerts joining a ringing or acknowledged group never start a second ladder.
        .addColumn('group_id', 'integer', (c) => c.notNull().unique().references('alert_groups.id').onDelete('cascade'))
        .addColumn('state', 'text', (c) => c.notNull())
        // JSON [{channel, at}] in order.
        .addColumn('steps', 'text', (c) => c.notNull())
        .addColumn('next_step', 'integer', (c) => c.notNull())
        .addColumn('next_at', timestamp)
        .addColumn('started_at', timestamp, (c) => c.notNull())
        .addColumn('acked_at', timestamp)
        .addColumn('acked_via', 'text')
        .execute();
      await db.schema
        .createIndex('wake_ladders_state_next_idx')
        .on('wake_ladders')
        .columns(['state', 'next_at'])
        .execute();

      await serialId(db.schema.createTable('notifications'))
        .addColumn('ladder_id', 'integer', (c) => c.references('wake_ladders.id').onDelete('cascade'))
        .addColumn('group_id', 'integer', (c) => c.notNull())
        .addColumn('channel', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('step', 'integer', (c) => c.notNull())
        .addColumn('attempt', 'integer', (c) => c.notNull())
        .addColumn('scheduled_at', timestamp, (c) => c.notNull())
        .addColumn('sent_at', timestamp)
        .addColumn('outcome', 'text', (c) => c.notNull())
        .addColumn('provider_id', 'text')
        .addColumn('cost_usd', 'double precision', (c) => c.notNull().defaultTo(0))
        .addColumn('error', 'text')
        .execute();
      await db.schema.createIndex('notifications_group_idx').on('notifications').column('group_id').execute();
      await db.schema.createIndex('notifications_scheduled_idx').on('notifications').column('scheduled_at').execute();
    },
    async down(db: Kysely<unknown>) {
      for (const table of ['notifications', 'wake_ladders']) await db.schema.dropTable(table).execute();
    },
  };
}
