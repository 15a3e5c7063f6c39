import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeSandbox, repoRoot, runCli, type Sandbox } from '../helpers/cli.js';

/**
 * Issue 18: "the console must not slow the CLI: `soloops --help` and `soloops triage` do not load
 * any of it." Traced through Node's loader hooks: no console server module (recognised by the code
 * that only it has), no library only the console uses, nothing of the built page.
 */
const CONSOLE_ONLY_PACKAGES = ['@fastify/websocket', '@fastify/cookie', '@fastify/static', '@node-rs/argon2', 'ws/'];
const CONSOLE_CODE_MARKERS = ['function registerConsole', 'soloops_csrf', 'function registerLiveRoutes'];

let sandbox: Sandbox;
beforeEach(() => {
  sandbox = makeSandbox();
});
afterEach(() => sandbox.cleanup());

async function loadedBy(args: string[], input?: string): Promise<string[]> {
  const trace = path.join(sandbox.dir, 'loads.txt');
  const result = await runCli(args, {
    sandbox,
    ...(input !== undefined && { input }),
    env: {
      SOLOOPS_TRACE_LOADS: trace,
      NODE_OPTIONS: `--import=${path.join(repoRoot, 'test/helpers/trace-loads.mjs')}`,
    },
  });
  expect(result.exitCode, result.stderr).toBe(0);
  return fs
    .readFileSync(trace, 'utf8')
    .split('\n')
    .filter((url) => url.startsWith('file://'))
    .map((url) => url.replace('file://', ''));
}

function consoleParts(files: string[]): string[] {
  return files.filter((file) => {
    const rel = path.relative(repoRoot, file);
    if (rel.startsWith('dist/console/')) return true;
    if (CONSOLE_ONLY_PACKAGES.some((name) => rel.includes(`node_modules/${name}`))) return true;
    if (!rel.startsWith('dist/') || !rel.endsWith('.js')) return false;
    const code = fs.readFileSync(file, 'utf8');
    return CONSOLE_CODE_MARKERS.some((marker) => code.includes(marker));
  });
}

describe('the console stays out of the CLI', () => {
  it('the markers are real: the daemon bundle holds the console code', () => {
    const chunks = fs.readdirSync(path.join(repoRoot, 'dist')).filter((name) => name.endsWith('.js'));
    const code = chunks.map((name) => fs.readFileSync(path.join(repoRoot, 'dist', name), 'utf8')).join('\n');
    expect(code).toContain('function registerConsole');
  });

  it('soloops --help loads none of it', async () => {
    expect(consoleParts(await loadedBy(['--help']))).toEqual([]);
  });

  it('soloops triage loads none of it', async () => {
    const alert = JSON.stringify({ title: 'disk almost full on db-1', service: 'db', severity: 'warning' });
    expect(consoleParts(await loadedBy(['triage', '--json', '--no-store'], `${alert}\n`))).toEqual([]);
  });
});
