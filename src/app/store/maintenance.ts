import path from 'node:path';
import { UserError } from '../../core/errors.js';
import type { TableStats } from '../../store/maintenance.js';
import type { RestoreOutcome } from '../../store/maintenance-restore.js';
import { redactUrl } from '../../store/index.js';
import { SQLITE_FILE } from '../../store/types.js';
import { readDaemonState } from '../../watch/state-file.js';
import { type AppContext, withStore } from '../context.js';
import { applyRetention, type RetentionPass } from './retention.js';

/** What `soloops store stats` shows. */
export interface StoreStats {
  kind: 'sqlite' | 'postgres';
  /** The SQLite file, or the PostgreSQL URL without its password. */
  location: string;
  tables: TableStats[];
  totalRows: number;
  /** The database's size on disk (SQLite: the file and its -wal), when the engine tells it. */
  totalBytes: number | null;
}

const locationOf = (app: AppContext) => (app.dbUrl ? redactUrl(app.dbUrl) : path.join(app.home, SQLITE_FILE));

/** Row counts and sizes per table. Reads only; a data folder this user may not write is fine. */
export async function storeStats(app: AppContext): Promise<StoreStats> {
  if (!app.databaseExists())
    throw new UserError(
      `there is no database at ${locationOf(app)} yet`,
      'it is created by the first command that stores something (`soloops watch`, `triage`, `snap`)',
    );
  return withStore(app, { readOnly: true }, async (store) => {
    const { tables, totalBytes } = await store.maintenance.stats();
    return {
      kind: store.kind,
      location: locationOf(app),
      tables,
      totalRows: tables.reduce((sum, t) => sum + t.rows, 0),
      totalBytes,
    };
  });
}

/** `soloops store prune`: the daemon's daily pass, now; `dryRun` counts without deleting or rolling up. */
export async function pruneStore(app: AppContext, options: { dryRun: boolean; now?: Date }): Promise<RetentionPass> {
  return withStore(app, {}, (store) =>
    applyRetention(store, app.config, options.now ?? new Date(), { dryRun: options.dryRun }),
  );
}

const PG_BACKUP_HINT =
  'back PostgreSQL up with its own tools, which copy a consistent snapshot while watch runs: ' +
  'pg_dump --format=custom --file soloops.dump "$SOLOOPS_DB_URL"';

/** `soloops store backup FILE`: an online copy of the SQLite database, safe while `watch` writes. */
export async function backupStore(app: AppContext, file: string): Promise<{ file: string; bytes: number }> {
  if (app.dbUrl)
    throw new UserError('soloops store backup copies the SQLite database; this store is PostgreSQL', PG_BACKUP_HINT);
  if (!app.databaseExists())
    throw new UserError(`there is no database at ${locationOf(app)} to back up`, 'check --home or SOLOOPS_HOME');
  const target = path.resolve(app.cwd, file);
  return withStore(app, { readOnly: true }, async (store) => {
    const done = await store.maintenance.backup(target);
    return { file: target, bytes: done.bytes };
  });
}

/**
 * `soloops store restore FILE`: puts a backup in place of the SQLite database, keeping the old file
 * beside it. Refused while a daemon runs on the data folder (it would keep writing the old file).
 */
export async function restoreStore(app: AppContext, file: string, now = new Date()): Promise<RestoreOutcome> {
  if (app.dbUrl)
    throw new UserError(
      'soloops store restore replaces the SQLite database; this store is PostgreSQL',
      'restore PostgreSQL with its own tools while `soloops watch` is stopped: ' +
        'pg_restore --clean --if-exists --dbname "$SOLOOPS_DB_URL" soloops.dump',
    );
  const daemon = readDaemonState(app.home);
  if (daemon?.alive)
    throw new UserError(
      `soloops watch is running on this data folder (pid ${daemon.state.pid}): it would go on writing the old database`,
      'stop it first (systemctl --user stop soloops-watch, or Ctrl-C), restore, then start it again',
    );
  const { restoreSqlite } = await import('../../store/maintenance-restore.js');
  return restoreSqlite(app.home, path.resolve(app.cwd, file), now);
}
