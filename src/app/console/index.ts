import path from 'node:path';
import type { Store } from '../../store/types.js';
import type { ConsoleDeps } from '../../watch/console/index.js';
import type { AppContext } from '../context.js';
import { templatesDir } from '../templates.js';
import { consoleAuthDeps } from './auth.js';
import { consoleData } from './data.js';
import { type ConsoleShared, consoleLive } from './live.js';

/**
 * The console's part of the daemon: its auth (auth.ts), data (data.ts) and live (live.ts) deps over
 * the daemon's store and config. `app` is read on every request, so a reload applies at once.
 */
export function consoleDeps(app: () => AppContext, store: Store, now: () => Date, shared: ConsoleShared): ConsoleDeps {
  return {
    auth: consoleAuthDeps(app, store, now),
    data: consoleData(app, store, now, shared),
    live: consoleLive(store, now, shared),
    pagesDir: consolePagesDir(),
    trustProxy: app().config.console.trust_proxy,
  };
}

/** The package's dist/console (built by scripts/build-console.mjs), found from the package root. */
export function consolePagesDir(): string {
  return path.join(path.dirname(templatesDir()), 'dist', 'console');
}
