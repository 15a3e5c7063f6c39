import { readFileSync } from 'node:fs';
import { defineConfig } from 'tsup';

const { version } = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };

// One ESM entry; every command is a lazily imported chunk so `--help` loads only commander.
export default defineConfig({
  // The workers are loaded by path (new URL beside the chunk that starts them), so each is an entry.
  entry: {
    'cli/main': 'src/cli/main.ts',
    'sqlite-insert-worker': 'src/store/sqlite-insert-worker.js',
    'triage-worker': 'src/triage/parallel/worker.ts',
  },
  format: ['esm'],
  target: 'node20',
  platform: 'node',
  splitting: true,
  sourcemap: true,
  // dist/console belongs to scripts/build-console.mjs (it swaps the folder in whole):
  // a concurrent build must not empty it under a running daemon.
  clean: ['**/*', '!console/**'],
  outDir: 'dist',
  define: { SOLOOPS_VERSION: JSON.stringify(version) },
  // Pure-JS libraries made of hundreds of small ES modules load much faster as one bundled chunk
  // (module resolution, not execution, dominated a cold `soloops triage`). Native and SDK
  // packages stay external.
  noExternal: ['kysely', 'zod'],
});
