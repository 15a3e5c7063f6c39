import type { Kysely, Migration } from 'kysely';
import type { StoreKind } from '../schema.js';
import { columnTypes } from './columns.js';

/**
 * 011: who leads the `soloops watch` daemons sharing one database. `watch_leader` has one row
 * (id 1): the fencing `token` counts up each time a daemon becomes leader, `holder` names it,
 * `since` says when, and `renewed_at` is the leader's heartbeat (a frozen leader stops renewing).
 * Every side effect the leader records (a wake attempt, a digest) carries the token it held
 * (`fencing_token`), and is recorded only while that token is still the current one, so a deposed
 * leader cannot send. Never edit after it lands.
 */
export function leadership(kind: StoreKind): Migration {
  const { timestamp } = columnTypes(kind);
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('watch_leader')
        .addColumn('id', 'integer', (c) => c.primaryKey())
        .addColumn('token', 'bigint', (c) => c.notNull())
        .addColumn('holder', 'text')
        .addColumn('since', timestamp)
        .addColumn('renewed_at', timestamp)
        .execute();
      await db
        .insertInto('watch_leader' as never)
        .values({ id: 1, token: 0, holder: null, since: null } as never)
        .execute();
      await db.schema.alterTable('notifications').addColumn('fencing_token', 'bigint').execute();
      await db.schema.alterTable('digests').addColumn('fencing_token', 'bigint').execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.alterTable('digests').dropColumn('fencing_token').execute();
      await db.schema.alterTable('notifications').dropColumn('fencing_token').execute();
      await db.schema.dropTable('watch_leader').execute();
    },
  };
}
