import type { Kysely, Migration } from 'kysely';
import type { StoreKind } from '../schema.js';
import { columnTypes } from './columns.js';

/**
 * 006: quarantine for the watch pipeline. `inbox.attempts` counts the passes in which an alert
 * failed on its own; past a few, the alert moves to `dead_letters` with the error, so one
 * poisoned alert never blocks the ones behind it and is still kept, visible, for the person.
 * Never edit after it lands.
 */
export function deadLetters(kind: StoreKind): Migration {
  const { timestamp } = columnTypes(kind);
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .alterTable('inbox')
        .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
      await db.schema
        .createTable('dead_letters')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('received_at', timestamp, (c) => c.notNull())
        // The inbox row's text as it was (it may not even be JSON): nothing accepted is lost.
        .addColumn('alert', 'text', (c) => c.notNull())
        .addColumn('error', 'text', (c) => c.notNull())
        .addColumn('attempts', 'integer', (c) => c.notNull())
        .addColumn('failed_at', timestamp, (c) => c.notNull())
        .execute();
      await db.schema.createIndex('dead_letters_failed_at').on('dead_letters').column('failed_at').execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable('dead_letters').execute();
      await db.schema.alterTable('inbox').dropColumn('attempts').execute();
    },
  };
}
