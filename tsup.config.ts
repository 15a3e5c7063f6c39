import { defineConfig } from 'tsup';

// One ESM entry; every command is a lazily imported chunk so `--help` loads only commander.
export default defineConfig({
  entry: { 'cli/main': 'src/cli/main.ts' },
  format: ['esm'],
  target: 'node20',
  platform: 'node',
  splitting: true,
  sourcemap: true,
  clean: true,
  outDir: 'dist',
});
