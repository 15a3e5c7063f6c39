import type { Kysely } from 'kysely';
import { insertResults, selectAlert } from './alerts.js';
import { createCorrectionStore, insertFeedback, selectFeedback } from './feedback.js';
import { appliedMigrations } from './migrate.js';
import { insertModel, selectActiveModel, selectActiveModelId } from './models.js';
import type { Database, StoreKind } from './schema.js';
import type { BulkWrite } from './sqlite-insert.js';
import { insertSnapshot, selectSnapshots } from './snapshots.js';
import type { Store } from './types.js';
import { createSilenceStore } from './silences.js';
import { createWatchStore } from './watch.js';
import { createWakeStore } from './wake.js';
import { createDigestStore } from './digest.js';
import { createIncidentStore } from './incidents.js';
import { createSlaStore } from './sla.js';
import { createMaintenanceStore } from './maintenance.js';
import { createAccountStore } from './accounts.js';
import { createAuditStore } from './audit.js';
import { createDraftStore } from './drafts.js';
import type { FenceHolder } from './fence.js';
import type { Leadership } from '../core/leader.js';
import { readLeader, sqliteLeadership } from './leader.js';

/** An opened, migrated database plus the backend's translation of its failures. */
export interface Backend {
  kind: StoreKind;
  db: Kysely<Database>;
  /** Maps a driver error to a SoloopsError where a person can act on it; else returns it. */
  describe(error: unknown): unknown;
  /** Where big inserts go when not through `db` (SQLite: a worker thread); closed with the store. */
  bulk?: { write: BulkWrite; close(): Promise<void> };
  /** PostgreSQL: leadership among daemons on one database; absent on SQLite (one node: it always leads). */
  leadership?(node: string): Leadership;
}

/** Wraps a backend in the `Store` contract; driver failures are translated on the way out. */
export function createStore(backend: Backend): Store {
  const { db, kind, describe, bulk } = backend;
  const guard = async <T>(work: () => Promise<T>): Promise<T> => {
    try {
      return await work();
    } catch (error) {
      throw describe(error);
    }
  };
  let closing: Promise<void> | undefined;
  const fences: FenceHolder = { fence: null };
  return {
    kind,
    fenceWith: (fence) => {
      fences.fence = fence;
    },
    recordSnapshot: (row) => guard(() => insertSnapshot(db, row)),
    listSnapshots: (options) => guard(() => selectSnapshots(db, options)),
    insertTriageResults: (results) => guard(() => insertResults(db, kind, results, bulk?.write)),
    getAlert: (idOrPrefix) => guard(() => selectAlert(db, idOrPrefix)),
    recordFeedback: (input) => guard(() => insertFeedback(db, input)),
    listFeedback: () => guard(() => selectFeedback(db)),
    corrections: guardAll(createCorrectionStore(db), guard),
    saveModel: (input) => guard(() => insertModel(db, kind, input)),
    activeModel: (modelKind) => guard(() => selectActiveModel(db, modelKind)),
    activeModelId: (modelKind) => guard(() => selectActiveModelId(db, modelKind)),
    watch: guardAll(createWatchStore(db, kind), guard),
    silences: guardAll(createSilenceStore(db), guard),
    wake: guardAll(createWakeStore(db, kind, fences), guard),
    digest: guardAll(createDigestStore(db, kind, fences), guard),
    incidents: guardAll(createIncidentStore(db), guard),
    sla: guardAll(createSlaStore(db, kind), guard),
    maintenance: guardAll(createMaintenanceStore(db, kind), guard),
    accounts: guardAll(createAccountStore(db), guard),
    audit: guardAll(createAuditStore(db), guard),
    drafts: guardAll(createDraftStore(db), guard),
    leadership: (node) => backend.leadership?.(node) ?? sqliteLeadership(db, node),
    leader: () => guard(() => readLeader(db)),
    appliedMigrations: () => guard(() => appliedMigrations(db as Kysely<unknown>, kind)),
    // Idempotent: pg's Pool throws when ended twice, and callers close in finally blocks.
    close: () => (closing ??= Promise.all([db.destroy(), bulk?.close()]).then(() => undefined)),
  };
}

/** The same methods, each with its failures translated by `guard`. */
function guardAll<T extends object>(methods: T, guard: <R>(work: () => Promise<R>) => Promise<R>): T {
  const guarded = {} as Record<string, unknown>;
  for (const [name, method] of Object.entries(methods)) {
    guarded[name] = (...args: unknown[]) => guard(() => (method as (...a: unknown[]) => Promise<unknown>)(...args));
  }
  return guarded as T;
}
