import type { Kysely } from 'kysely';
import type { DraftStore } from './console-types.js';
import type { Database } from './schema.js';

/** Stub (issue 18 in progress): replaced by the real DraftStore. */
export function createDraftStore(_db: Kysely<Database>): DraftStore {
  return new Proxy({} as DraftStore, {
    get: (_target, name) => () => Promise.reject(new Error(`DraftStore.${String(name)} is not built yet`)),
  });
}
