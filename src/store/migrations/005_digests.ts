import type { Kysely, Migration } from 'kysely';
import type { StoreKind } from '../schema.js';
import { columnTypes } from './columns.js';

/**
 * 005: the morning digests. One row per window (unique), so the daemon and a systemd timer
 * together never send the same night twice; each send's outcome is kept so a failure can be
 * reported in the next digest. Never edit after it lands.
 */
export function digests(kind: StoreKind): Migration {
  const { timestamp, serialId } = columnTypes(kind);
  return {
    async up(db: Kysely<unknown>) {
      await serialId(db.schema.createTable('digests'))
        .addColumn('window_from', timestamp, (c) => c.notNull())
        .addColumn('window_to', timestamp, (c) => c.notNull())
        .addColumn('generated_at', timestamp, (c) => c.notNull())
        // The whole Digest as JSON, so `digest show` and a resend read exactly what was sent.
        .addColumn('body', 'text', (c) => c.notNull())
        // The HTML as sent, served by `soloops watch` at the digest's link (GET /v1/digests/:id).
        .addColumn('html', 'text')
        // `pending` until every channel took it, then `sent`; `failed` with the error otherwise.
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('channels', 'text', (c) => c.notNull())
        .addColumn('sent_at', timestamp)
        .addColumn('error', 'text')
        .addUniqueConstraint('digests_window_unique', ['window_from', 'window_to'])
        .execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable('digests').execute();
    },
  };
}
