import type { Kysely } from 'kysely';
import type { DraftJson } from '../core/console.js';
import type { DraftStore } from './console-types.js';
import type { Database } from './schema.js';

/**
 * The console's server-side drafts (migration 014): one row per user and form key (`new` or an
 * incident id), replaced on every autosave. Fields are kept as the page sent them (JSON text);
 * the API checks their size, the store only their shape.
 */
export function createDraftStore(db: Kysely<Database>): DraftStore {
  return {
    async get(userId, key) {
      const row = await db
        .selectFrom('drafts')
        .selectAll()
        .where('user_id', '=', userId)
        .where('key', '=', key)
        .executeTakeFirst();
      if (!row) return null;
      return {
        key: row.key,
        fields: JSON.parse(row.fields) as Record<string, unknown>,
        baseVersion: row.base_version === null ? null : Number(row.base_version),
        savedAt: new Date(row.saved_at).toISOString(),
      };
    },

    async save(userId, draft, now) {
      const values = {
        fields: JSON.stringify(draft.fields),
        base_version: draft.baseVersion,
        saved_at: now.toISOString(),
      };
      // One statement: two tabs autosaving the same form at once both land, the later one kept.
      await db
        .insertInto('drafts')
        .values({ user_id: userId, key: draft.key, ...values })
        .onConflict((c) => c.columns(['user_id', 'key']).doUpdateSet(values))
        .execute();
      const saved: DraftJson = { ...draft, savedAt: values.saved_at };
      return saved;
    },

    async discard(userId, key) {
      await db.deleteFrom('drafts').where('user_id', '=', userId).where('key', '=', key).execute();
    },
  };
}
