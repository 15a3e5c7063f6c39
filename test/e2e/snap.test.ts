import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { parse as parseYaml } from 'yaml';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeSandbox, runCli, type Sandbox } from '../helpers/cli.js';
import { fakeContainer, startFakeDocker } from '../helpers/fake-docker.js';

let sandbox: Sandbox;
beforeEach(() => {
  sandbox = makeSandbox();
});
afterEach(() => sandbox.cleanup());

const FILE_NAME = /^snap-[A-Za-z0-9.-]+-\d{8}T\d{6}Z\.(json|yaml|csv)$/;

function storedSnapshots(home: string): Array<Record<string, unknown>> {
  const db = new Database(path.join(home, 'soloops.db'), { readonly: true });
  try {
    return db.prepare('select * from snapshots order by id').all() as Array<Record<string, unknown>>;
  } finally {
    db.close();
  }
}

describe('soloops snap', () => {
  it('prints a JSON snapshot of this host and records its summary in the SQLite store', async () => {
    const result = await runCli(['snap'], { sandbox });
    expect(result.exitCode, result.stderr).toBe(0);
    const snap = JSON.parse(result.stdout);
    expect(snap.cpu.cores).toBeGreaterThan(0);
    expect(snap.cpu.load).toHaveProperty('1m');
    expect(snap.memory.totalBytes).toBeGreaterThan(snap.memory.usedBytes);
    expect(snap.filesystems.map((f: { mount: string }) => f.mount)).toContain('/');
    expect(snap.processes.topCpu).toHaveLength(5);
    expect(snap.processes.topMemory).toHaveLength(5);
    expect(snap.host.uptimeSeconds).toBeGreaterThan(0);
    expect(snap.docker).toMatchObject({ available: false, reason: expect.any(String) });
    const rows = storedSnapshots(sandbox.home);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ host: snap.host.hostname, path: null, uploaded_url: null });
  });

  it('writes YAML and flattened key,value CSV, with custom metrics from flags and config', async () => {
    fs.writeFileSync(
      path.join(sandbox.dir, 'soloops.yaml'),
      [
        'snap:',
        '  metrics:',
        '    - { name: seven, command: "echo 7" }',
        '    - { name: broken, command: "echo oops >&2; exit 3" }',
        '    - { name: words, command: "echo not-a-number" }',
        '    - { name: slow, command: "sleep 30", timeout: 300ms }',
      ].join('\n'),
    );
    const yaml = await runCli(['snap', '--format', 'yaml', '--metric', 'queue_depth=42'], { sandbox });
    expect(yaml.exitCode, yaml.stderr).toBe(0);
    const metrics = Object.fromEntries(parseYaml(yaml.stdout).metrics.map((m: { name: string }) => [m.name, m]));
    expect(metrics.queue_depth).toMatchObject({ value: 42, source: 'flag' });
    expect(metrics.seven).toMatchObject({ value: 7, source: 'command' });
    expect(metrics.broken).toMatchObject({ value: null, error: expect.stringMatching(/exit.*3/) });
    expect(metrics.words).toMatchObject({ value: null, error: expect.stringMatching(/not-a-number/) });
    expect(metrics.slow).toMatchObject({ value: null, error: expect.stringMatching(/time/i) });

    const csv = await runCli(['snap', '--format', 'csv', '--metric', 'queue_depth=42'], { sandbox });
    const lines = csv.stdout.trim().split('\n');
    expect(lines[0]).toBe('key,value');
    expect(lines).toContain('metrics.queue_depth,42');
    expect(lines.every((line) => line.split(',').length >= 2)).toBe(true);
  });

  it('rejects a malformed --metric with exit 2 and a hint', async () => {
    const result = await runCli(['snap', '--metric', 'nonsense'], { sandbox });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/name=value/);
  });

  it('writes snap-<host>-<UTC time>.<ext> into --out, prints the path and prunes old snapshots only', async () => {
    const out = path.join(sandbox.dir, 'snaps');
    fs.mkdirSync(out);
    const old = path.join(out, 'snap-web-20200101T000000Z.json');
    const unrelated = path.join(out, 'notes-20200101T000000Z.json');
    fs.writeFileSync(old, '{}');
    fs.writeFileSync(unrelated, '{}');
    const result = await runCli(['snap', '--out', out, '--keep-days', '7', '--format', 'yaml'], { sandbox });
    expect(result.exitCode, result.stderr).toBe(0);
    const file = result.stdout.trim();
    expect(path.dirname(file)).toBe(out);
    expect(path.basename(file)).toMatch(FILE_NAME);
    expect(parseYaml(fs.readFileSync(file, 'utf8')).schema).toBe(1);
    expect(fs.statSync(file).size).toBeLessThanOrEqual(1_000_000);
    expect(fs.existsSync(old)).toBe(false);
    expect(fs.existsSync(unrelated)).toBe(true);
    expect(result.stderr).toMatch(/deleted 1 local snapshot/);
    expect(storedSnapshots(sandbox.home)[0]).toMatchObject({ path: file });
  });

  it('with --json and --out prints one JSON document describing the file', async () => {
    const out = path.join(sandbox.dir, 'snaps');
    const result = await runCli(['--json', 'snap', '--out', out], { sandbox });
    expect(result.exitCode, result.stderr).toBe(0);
    const doc = JSON.parse(result.stdout);
    expect(doc).toMatchObject({ format: 'json', upload: null, pruned: { local: [], remote: [] } });
    expect(fs.existsSync(doc.file)).toBe(true);
  });

  it('lists Docker containers from the engine at DOCKER_HOST', async () => {
    const docker = await startFakeDocker([
      fakeContainer({ id: 'a'.repeat(64), name: 'api', image: 'acme/api:1.2', health: 'healthy', restartCount: 2 }),
      fakeContainer({ id: 'b'.repeat(64), name: 'worker', image: 'acme/worker:1.2', state: 'exited' }),
    ]);
    try {
      const result = await runCli(['snap'], { sandbox, env: { DOCKER_HOST: `unix://${docker.socketPath}` } });
      expect(result.exitCode, result.stderr).toBe(0);
      const { docker: snap } = JSON.parse(result.stdout);
      expect(snap.available).toBe(true);
      const byName = Object.fromEntries(snap.containers.map((c: { name: string }) => [c.name, c]));
      expect(byName.api).toMatchObject({ image: 'acme/api:1.2', state: 'running', health: 'healthy', restartCount: 2 });
      expect(byName.api.cpuPct).toEqual(expect.any(Number));
      expect(byName.worker).toMatchObject({ state: 'exited', cpuPct: null });
    } finally {
      await docker.close();
    }
  });

  it('refuses --live without a terminal and names --interval', async () => {
    const result = await runCli(['snap', '--live'], { sandbox });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/--interval/);
    const json = await runCli(['--json', 'snap', '--live'], { sandbox });
    expect(json.exitCode).toBe(2);
    expect(json.stderr).toMatch(/--json/);
  });

  it('--interval repeats snapshots as NDJSON until interrupted, then exits 130', async () => {
    const out = path.join(sandbox.dir, 'snaps');
    const child = runCli(['--json', 'snap', '--out', out, '--interval', '1s'], { sandbox });
    const first = await new Promise<string>((resolve) =>
      child.stdout!.once('data', (chunk: Buffer) => resolve(chunk.toString())),
    );
    expect(JSON.parse(first.split('\n')[0]!)).toMatchObject({ format: 'json' });
    child.kill('SIGINT');
    const result = await child;
    expect(result.exitCode).toBe(130);
    expect(fs.readdirSync(out).filter((f) => FILE_NAME.test(f)).length).toBeGreaterThanOrEqual(1);
  });

  it('rejects a bad --interval and --keep-days with exit 2', async () => {
    expect((await runCli(['snap', '--interval', 'soon'], { sandbox })).exitCode).toBe(2);
    expect((await runCli(['snap', '--keep-days', '-3'], { sandbox })).exitCode).toBe(2);
  });
});
