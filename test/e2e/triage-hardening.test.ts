import fs from 'node:fs';
import path from 'node:path';
import Sqlite from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeSandbox, runCli, type Sandbox } from '../helpers/cli.js';

// Input that used to end `soloops triage` as "a bug in soloops": a line nested thousands of levels
// deep (the sequential and the worker-thread path, store on and off), and a directory where a file
// is expected (triage, triage eval, init --path, and the other commands that take a file).
let sandbox: Sandbox;
beforeEach(() => {
  sandbox = makeSandbox();
});
afterEach(() => sandbox.cleanup());

const services = ['payments', 'api', 'worker', 'search'];
const problems = ['is down', 'latency above 2s', 'disk 91% full', 'backup finished', 'error rate 7%'];
const alert = (i: number) =>
  JSON.stringify({
    title: `${services[i % 4]} ${problems[i % 5]}`,
    message: `check host-${i % 13} (${i})`,
    service: services[i % 4],
    labels: { n: String(i) },
  });
const deep = `{"title":"x","labels":${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}}`;

/** `count` alerts with the deep line inserted so that it is line `deepLine`. */
function writeInput(count: number, deepLine: number): string {
  const lines = Array.from({ length: count }, (_, i) => alert(i));
  lines.splice(deepLine - 1, 0, deep);
  const file = path.join(sandbox.dir, 'alerts.ndjson');
  fs.writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

const skipped = (stderr: string) => stderr.split('\n').filter((l) => l.includes('skipped'));
const verdicts = (stdout: string) =>
  stdout
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>);
const storedCount = () => {
  const db = new Sqlite(path.join(sandbox.home, 'soloops.db'), { readonly: true });
  try {
    return (db.prepare('SELECT count(*) AS n FROM alerts').get() as { n: number }).n;
  } finally {
    db.close();
  }
};

describe('soloops triage with a line nested 5,000 levels deep', () => {
  it('rejects that line by number, classifies every other one and exits 1 (--json --no-store)', async () => {
    const file = writeInput(200, 101);
    const result = await runCli(['--json', 'triage', '--no-store', file], { sandbox });
    expect(result.exitCode, result.stderr).toBe(1);
    expect(verdicts(result.stdout)).toHaveLength(200);
    expect(skipped(result.stderr)).toEqual([`warning: ${file}:101: skipped: nested more than 100 levels deep`]);
    expect(result.stderr).not.toMatch(/bug in soloops/);
  });

  it('does the same on worker threads, past the first 256 KB of input', async () => {
    const file = writeInput(6000, 4000);
    expect(fs.statSync(file).size).toBeGreaterThan(512 * 1024);
    const parallel = await runCli(['-v', '--json', 'triage', '--no-store', file], { sandbox });
    expect(parallel.exitCode, parallel.stderr).toBe(1);
    expect(parallel.stderr).toMatch(/classified on \d+ threads/);
    expect(verdicts(parallel.stdout)).toHaveLength(6000);
    expect(skipped(parallel.stderr)).toEqual([`warning: ${file}:4000: skipped: nested more than 100 levels deep`]);
    expect(parallel.stderr).not.toMatch(/bug in soloops/);
  });

  it('stores every other line with the store on, and exits 1', async () => {
    const file = writeInput(200, 101);
    const result = await runCli(['triage', file], { sandbox });
    expect(result.exitCode, result.stderr).toBe(1);
    expect(skipped(result.stderr)).toEqual([`warning: ${file}:101: skipped: nested more than 100 levels deep`]);
    expect(result.stderr).toMatch(/200 alert\(s\).*stored in the database/);
    expect(result.stderr).not.toMatch(/bug in soloops/);
    expect(storedCount()).toBe(200);
  });
});

describe('a directory where a file is expected', () => {
  const notABug = (result: { exitCode?: number; stderr: string }) => {
    expect(result.exitCode, result.stderr).toBe(2);
    expect(result.stderr).not.toMatch(/bug in soloops|unexpected error/);
  };

  it('soloops triage DIR says it is a directory and what to pass instead (exit 2)', async () => {
    fs.mkdirSync(path.join(sandbox.dir, 'alerts'));
    for (const args of [
      ['triage', 'alerts'],
      ['--json', 'triage', '--no-store', 'alerts/'],
    ]) {
      const result = await runCli(args, { sandbox });
      notABug(result);
      expect(result.stderr).toMatch(/alerts\/? is a directory/);
      expect(result.stderr).toMatch(/hint: .*soloops triage alerts\/alerts\.ndjson.*cat alerts\/\* \| soloops triage/);
      expect(result.stdout).toBe('');
    }
  });

  it('soloops triage eval DIR says it is a directory (exit 2)', async () => {
    fs.mkdirSync(path.join(sandbox.dir, 'labelled'));
    const result = await runCli(['triage', 'eval', 'labelled'], { sandbox });
    notABug(result);
    expect(result.stderr).toMatch(/labelled is a directory/);
    expect(result.stderr).toMatch(/hint: pass a labelled NDJSON file/);
  });

  it('soloops init --path DIR says it is a directory and asks for a file path, with or without --force', async () => {
    const dir = path.join(sandbox.dir, 'conf');
    fs.mkdirSync(dir);
    for (const args of [
      ['init', '--yes', '--path', 'conf'],
      ['init', '--yes', '--force', '--path', 'conf'],
      ['init', '--yes', '--path', 'new/'],
    ]) {
      const result = await runCli(args, { sandbox });
      notABug(result);
      expect(result.stderr).toMatch(/(conf is|new\/ names) a directory/);
      expect(result.stderr).toMatch(/hint: pass a file path, e\.g\. --path (conf|new)\/soloops\.yaml/);
    }
    expect(fs.readdirSync(dir)).toEqual([]);
    expect(fs.existsSync(path.join(sandbox.dir, 'new'))).toBe(false);
  });

  it('soloops init --path under a file says so instead of failing on mkdir (exit 2)', async () => {
    fs.writeFileSync(path.join(sandbox.dir, 'plain'), 'x');
    const result = await runCli(['init', '--yes', '--path', 'plain/soloops.yaml'], { sandbox });
    notABug(result);
    expect(result.stderr).toMatch(/a part of its path is a file, not a folder/);
  });

  it('--config DIR and architect DIR are usage errors too (exit 2)', async () => {
    fs.mkdirSync(path.join(sandbox.dir, 'somedir'));
    notABug(await runCli(['--config', 'somedir', 'triage', '--no-store'], { sandbox, input: '' }));
    notABug(await runCli(['architect', 'somedir', '--dry-run'], { sandbox }));
  });
});
