import type { Kysely } from 'kysely';
import type { SlaStore } from '../core/sla.js';
import type { Database, StoreKind } from './schema.js';

/** The SLA store (stub until the SLA work fills it). */
export function createSlaStore(_db: Kysely<Database>, _kind: StoreKind): SlaStore {
  return {
    dailyChecks: () => Promise.reject(new Error('dailyChecks: not built yet')),
  };
}
