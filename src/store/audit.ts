import type { Kysely } from 'kysely';
import type { AuditStore } from './console-types.js';
import type { Database } from './schema.js';

/** Stub (issue 18 in progress): replaced by the real AuditStore. */
export function createAuditStore(_db: Kysely<Database>): AuditStore {
  return new Proxy({} as AuditStore, {
    get: (_target, name) => () => Promise.reject(new Error(`AuditStore.${String(name)} is not built yet`)),
  });
}
