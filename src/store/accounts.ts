import type { Kysely } from 'kysely';
import type { AccountStore } from './console-types.js';
import type { Database } from './schema.js';

/** Stub (issue 18 in progress): replaced by the real AccountStore. */
export function createAccountStore(_db: Kysely<Database>): AccountStore {
  return new Proxy({} as AccountStore, {
    get: (_target, name) => () => Promise.reject(new Error(`AccountStore.${String(name)} is not built yet`)),
  });
}
