import type { Kysely } from 'kysely';
import type { Silence, SilenceStore } from '../core/watch.js';
import type { Database } from './schema.js';

const iso = (d: Date) => d.toISOString();

/** The silences table's queries over an opened database (see SilenceStore for the contract). */
export function createSilenceStore(db: Kysely<Database>): SilenceStore {
  return {
    async add(input, now) {
      const { id } = await db
        .insertInto('silences')
        .values({
          matchers: JSON.stringify(input.matchers),
          starts_at: iso(input.startsAt),
          ends_at: iso(input.endsAt),
          comment: input.comment,
          created_at: iso(now),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return id;
    },

    async active(now) {
      const rows = await db
        .selectFrom('silences')
        .selectAll()
        .where('starts_at', '<=', iso(now))
        .where('ends_at', '>', iso(now))
        .orderBy('id')
        .execute();
      return rows.map(
        (r): Silence => ({
          id: r.id,
          matchers: JSON.parse(r.matchers) as Record<string, string>,
          startsAt: new Date(r.starts_at),
          endsAt: new Date(r.ends_at),
          comment: r.comment,
        }),
      );
    },

    async expire(id, now) {
      const result = await db
        .updateTable('silences')
        .set({ ends_at: iso(now) })
        .where('id', '=', id)
        .where('ends_at', '>', iso(now))
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },
  };
}
