import type { Config } from './config-schema.js';
import { resolveHome } from '../core/paths.js';
import fs from 'node:fs';
import path from 'node:path';
import { SQLITE_FILE, type Store } from '../store/types.js';
import { loadConfig } from './config.js';

type Env = Record<string, string | undefined>;

/**
 * `durable`: every commit synced to disk (the watch daemon's acknowledgements rely on it).
 * `readOnly`: the caller only reads, so a data folder it may not write to is still opened.
 */
export interface StoreOptions {
  durable?: boolean;
  readOnly?: boolean;
  /** PostgreSQL: how this process's connections are named in pg_stat_activity. */
  applicationName?: string;
}

/** What every service needs: validated config, the data folder and a way to open the store. */
export interface AppContext {
  config: Config;
  configPath: string | null;
  /** Where relative paths in the config (secret files) resolve: the config file's folder, else cwd. */
  configDir: string;
  home: string;
  /** postgres:// URL, or undefined for SQLite in `home`. */
  dbUrl: string | undefined;
  env: Env;
  cwd: string;
  /** Opens the store (see {@link StoreOptions}); the caller closes it, or uses {@link withStore}. */
  openStore(options?: StoreOptions): Promise<Store>;
  /** Whether there is a database to read: a configured URL, or the SQLite file already exists. */
  databaseExists(): boolean;
}

/**
 * `context` lending an already open `store` to the command functions it is passed to (the daemon's
 * API reuses `soloops incident`, `triage feedback` and the report this way): they open it as usual,
 * and their close() leaves it open for the daemon.
 */
export function lendingStore(context: AppContext, store: Store): AppContext {
  const lent: Store = { ...store, close: async () => {} };
  return { ...context, openStore: async () => lent, databaseExists: () => true };
}

/** Wires config, data folder and store from the global flags and environment. */
export function createAppContext(options: {
  config?: string | undefined;
  home?: string | undefined;
  db?: string | undefined;
  env: Env;
  cwd: string;
}): AppContext {
  const { config, path: configPath } = loadConfig(options.config, options.env, options.cwd);
  const home = resolveHome(options.home, options.env);
  const dbUrl = options.db ?? config.database.url;
  return {
    config,
    configPath,
    configDir: configPath ? path.dirname(configPath) : options.cwd,
    home,
    dbUrl,
    env: options.env,
    cwd: options.cwd,
    // The store module (and its native driver) loads only when a command needs it.
    openStore: async (options = {}) =>
      (await import('../store/index.js')).openStore({
        url: dbUrl,
        home,
        durable: options.durable,
        readOnly: options.readOnly,
        applicationName: options.applicationName,
      }),
    databaseExists: () => Boolean(dbUrl) || fs.existsSync(path.join(home, SQLITE_FILE)),
  };
}

/** Opens the store, runs `use` with it and closes it, whether `use` succeeded or threw. */
export async function withStore<T>(
  app: Pick<AppContext, 'openStore'>,
  options: StoreOptions,
  use: (store: Store) => Promise<T>,
): Promise<T> {
  const store = await app.openStore(options);
  try {
    return await use(store);
  } finally {
    await store.close();
  }
}
