import type { Backend } from './store.js';
import { createStore } from './store.js';
import type { Store, StoreOptions } from './types.js';
import { parseStoreUrl } from './url.js';

export type { FeedbackEntry, SnapshotRow, Store, StoreOptions, StoredAlert, StoredModel, Verdict } from './types.js';
export { redactUrl } from './url.js';
export type { AlertGroup, CheckResultRow, RouteDecision, Silence, SilenceStore, WatchStore } from '../core/watch.js';

/** How long SQLite waits for another process's write lock before giving up. */
export const DEFAULT_BUSY_TIMEOUT_MS = 5_000;

/**
 * Opens the store and applies pending migrations: PostgreSQL for a postgres:// or
 * postgresql:// URL, otherwise the SQLite file `<home>/soloops.db` (home created 0700).
 * Throws UserError for a bad URL or an unusable data folder, ExternalError when the
 * database is locked, unreachable or refuses the login. `readOnly` (SQLite only): the caller
 * only reads, so a data folder it may not write to is opened read-only rather than refused.
 */
export async function openStore(options: StoreOptions & { readOnly?: boolean | undefined }): Promise<Store> {
  const target = parseStoreUrl(options.url);
  // Each driver is imported only when chosen, so SQLite users never load pg and vice versa.
  let backend: Backend;
  if (target.kind === 'postgres') {
    const { openPostgres } = await import('./postgres.js');
    backend = await openPostgres(target, options.applicationName);
  } else {
    const { openSqlite } = await import('./sqlite.js');
    backend = await openSqlite(
      options.home,
      options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS,
      options.durable ?? false,
      options.readOnly ?? false,
    );
  }
  return createStore(backend);
}
