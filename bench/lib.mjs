// Shared timing helpers for the benchmarks. These machines are noisy, so each figure is a median
// of interleaved runs, and every result is shown beside a reference measured in the same process.
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** Wall time of one run of `command args`, in milliseconds; throws if it fails. */
export function timeOnce(command, args, options = {}) {
  const started = performance.now();
  const result = spawnSync(command, args, { stdio: ['ignore', 'ignore', 'pipe'], ...options });
  const ms = performance.now() - started;
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} exited ${result.status}: ${result.stderr}`);
  return ms;
}

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Runs subject and reference alternately `runs` times (after one warm-up each) and returns both medians. */
export function sideBySide(subject, reference, runs) {
  timeOnce(...subject);
  timeOnce(...reference);
  const a = [];
  const b = [];
  for (let i = 0; i < runs; i++) {
    a.push(timeOnce(...subject));
    b.push(timeOnce(...reference));
  }
  return { subject: median(a), reference: median(b), ratio: median(a) / median(b) };
}

/** Prints one result line the README quotes. */
export function report(name, figures, budget) {
  const parts = Object.entries(figures).map(([k, v]) => {
    const unit = k === 'ratio' ? '×' : k === 'note' ? '' : ' ms';
    return `${k} ${typeof v === 'number' ? v.toFixed(k === 'ratio' ? 2 : 0) : v}${unit}`;
  });
  console.log(`${name}: ${parts.join(' · ')}${budget ? ` (budget ${budget})` : ''}`);
}

/**
 * Imports a TypeScript module of the repository (`entry`, e.g. `src/store/index.ts`) by bundling it
 * with esbuild, a tsup dependency, into node_modules/.cache/soloops-bench/<name>.mjs.
 */
export async function importSource(name, entry) {
  const { build } = await import('esbuild');
  const repoRoot = fileURLToPath(new URL('..', import.meta.url));
  const outDir = path.join(repoRoot, 'node_modules', '.cache', 'soloops-bench');
  fs.mkdirSync(outDir, { recursive: true });
  const outfile = path.join(outDir, `${name}.mjs`);
  await build({
    entryPoints: [path.join(repoRoot, entry)],
    bundle: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    outfile,
    logLevel: 'warning',
  });
  return import(pathToFileURL(outfile).href);
}

/**
 * Starts `soloops watch --port 0` (the CLI at `bin`) in `cwd` with `env` and resolves once it
 * listens: its port, its pid (for RSS), its stderr so far (`log()`), and `stop()` (SIGTERM, then its exit).
 */
export async function startWatch(bin, cwd, env) {
  const child = spawn('node', [bin, 'watch', '--port', '0'], { cwd, env, stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  const exited = once(child, 'exit');
  const port = await new Promise((resolve, reject) => {
    child.stderr.setEncoding('utf8').on('data', (chunk) => {
      log += chunk;
      const match = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(log);
      if (match) resolve(Number(match[1]));
    });
    child.once('exit', (code) => reject(new Error(`soloops watch exited ${code}:\n${log}`)));
    setTimeout(() => reject(new Error(`soloops watch did not listen within 30 s:\n${log}`)), 30_000).unref();
  });
  return {
    port,
    pid: child.pid,
    log: () => log,
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}
