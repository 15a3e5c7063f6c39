import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Sqlite from 'better-sqlite3';
import { execa } from 'execa';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { binPath, makeSandbox, runCli, type Sandbox } from '../helpers/cli.js';

// Issue 13 item 9: absurd numbers in an architect spec, a read-only data folder, a full disk.

let sandbox: Sandbox;
beforeEach(() => {
  sandbox = makeSandbox();
});
afterEach(() => sandbox.cleanup());

describe('soloops architect with numbers out of range', () => {
  const base = 'type: web\nusersMonth: 50000\nbudgetUsd: 200\nregion: eu-west-1\nfeatures: [db]\n';

  it('refuses spike: 1e300 in the spec with exit 2, naming the field and its range, and writes nothing', async () => {
    fs.writeFileSync(path.join(sandbox.dir, 'service.yaml'), `${base}spike: 1e300\n`);
    const result = await runCli(['architect', 'service.yaml'], { sandbox });
    expect(result.exitCode, result.stderr).toBe(2);
    expect(result.stderr).toContain('spike: must be from 1 to 1,000 (got 1e+300)');
    expect(fs.existsSync(path.join(sandbox.dir, 'infra'))).toBe(false);
  });

  it('refuses each number flag past its bound, naming the flag and the range', async () => {
    fs.writeFileSync(path.join(sandbox.dir, 'service.yaml'), base);
    const cases: Array<[string, string, RegExp]> = [
      ['--spike', '1e300x', /--spike 1e300 is out of range: it must be from 1 to 1,000/],
      [
        '--users-month',
        '2_000_000_000',
        /--users-month 2_000_000_000 is out of range: it must be from 1 to 1,000,000,000/,
      ],
      ['--peak-concurrent', '1e12', /--peak-concurrent 1e12 is out of range: it must be from 1 to 1,000,000,000/],
      ['--budget', '$1e300', /--budget 1e300 is out of range: it must be from 0\.01 to 10,000,000/],
    ];
    for (const [flag, value, message] of cases) {
      const result = await runCli(['architect', 'service.yaml', '--dry-run', flag, value], { sandbox });
      expect(result.exitCode, `${flag} ${value}: ${result.stderr}`).toBe(2);
      expect(result.stderr).toMatch(message);
    }
  });

  it('plans at the maxima with finite numbers in main.tf and variables.tf', async () => {
    fs.writeFileSync(
      path.join(sandbox.dir, 'service.yaml'),
      'type: api\nusersMonth: 1000000000\npeakConcurrent: 1000000000\nbudgetUsd: 10000000\n' +
        'region: us-east-1\nfeatures: [db, cache, queue]\nspike: 1000\n',
    );
    const result = await runCli(['architect', 'service.yaml'], { sandbox });
    expect(result.exitCode, result.stderr).toBe(0);
    const read = (file: string) => fs.readFileSync(path.join(sandbox.dir, 'infra', file), 'utf8');
    // Sizes are variables whose defaults are the plan's figures, so both files must hold plain numbers.
    for (const file of ['main.tf', 'variables.tf']) expect(read(file), file).not.toMatch(/Infinity|NaN|\d[eE]\+\d/);
    expect(read('main.tf')).toMatch(/autoscaling_max_capacity\s*=\s*var\.max_capacity\n/);
    expect(read('variables.tf')).toMatch(/variable "max_capacity" \{[^}]*default\s*=\s*\d+\n/);
  });
});

// A data folder this process may read but not write. Tests run as root, which ignores permission
// bits, so the reader is another user (nobody, spawned with uid/gid) over a folder root owns and
// leaves readable (0755/0644); as any other user, the folder is simply made read-only.
describe('reading commands on a read-only data folder', () => {
  const asRoot = process.getuid?.() === 0;
  const NOBODY = 65534;
  const alert = (title: string) =>
    `${JSON.stringify({ title, message: 'disk at 100%', service: 'db', severity: 'critical' })}\n`;
  const file = () => path.join(sandbox.home, 'soloops.db');

  async function seed(title: string): Promise<void> {
    const result = await runCli(['triage'], { sandbox, input: alert(title) });
    expect(result.exitCode, result.stderr).toBe(0);
  }
  function lockDown(): void {
    if (asRoot) {
      for (const dir of [sandbox.dir, sandbox.home]) fs.chmodSync(dir, 0o755);
      for (const name of fs.readdirSync(sandbox.home)) fs.chmodSync(path.join(sandbox.home, name), 0o644);
    } else {
      for (const name of fs.readdirSync(sandbox.home)) fs.chmodSync(path.join(sandbox.home, name), 0o444);
      fs.chmodSync(sandbox.home, 0o555);
    }
  }
  afterEach(() => {
    // So the sandbox can be removed when not root.
    if (fs.existsSync(sandbox.home)) fs.chmodSync(sandbox.home, 0o700);
  });
  function asReader(args: string[], input?: string) {
    return execa('node', [binPath, ...args], {
      cwd: sandbox.dir,
      env: sandbox.env,
      extendEnv: true,
      reject: false,
      ...(input === undefined ? { stdin: 'ignore' as const } : { input }),
      ...(asRoot ? { uid: NOBODY, gid: NOBODY } : {}),
    });
  }
  const fingerprint = () =>
    fs
      .readdirSync(sandbox.home)
      .sort()
      .map(
        (name) =>
          `${name}:${createHash('sha256')
            .update(fs.readFileSync(path.join(sandbox.home, name)))
            .digest('hex')}`,
      );

  it('digest, watch status, silence list, triage eval and triage --no-store read it, and change nothing', async () => {
    await seed('disk full on db-1');
    lockDown();
    const before = fingerprint();
    expect(before).toEqual([expect.stringMatching(/^soloops\.db:/)]);

    const digest = await asReader(['digest', '--since', '1h', '--format', 'json']);
    expect(digest.exitCode, digest.stderr).toBe(0);
    // triage stores alerts without groups: the digest counts them.
    expect(JSON.parse(digest.stdout).totals.alerts).toBe(1);
    const status = await asReader(['--json', 'watch', 'status']);
    expect(status.exitCode, status.stderr).toBe(0);
    const silences = await asReader(['watch', 'silence', 'list']);
    expect(silences.exitCode, silences.stderr).toBe(0);
    const labelled = path.join(sandbox.dir, 'labelled.ndjson');
    const example = { expected: 'critical', alert: { title: 'database down', service: 'db', severity: 'critical' } };
    fs.writeFileSync(labelled, `${JSON.stringify(example)}\n`, { mode: 0o644 });
    const evaluation = await asReader(['--json', 'triage', 'eval', labelled]);
    expect(evaluation.exitCode, evaluation.stderr).toBe(0);
    const triage = await asReader(['triage', '--no-store'], alert('api down'));
    expect(triage.exitCode, triage.stderr).toBe(0);

    expect(fingerprint()).toEqual(before);
    // Sending records the digest, so it still needs a folder it can write, and says so.
    const send = await asReader(['digest', '--since', '1h', '--send', 'email']);
    expect(send.exitCode).toBe(2);
    expect(send.stderr).toContain('for writing');
  });

  it('reads commits still in the -wal while a writer holds the database open', async () => {
    await seed('first alert');
    // The writer keeps the database open, so the second run's commit stays in soloops.db-wal.
    const writer = new Sqlite(file());
    try {
      writer.prepare('select count(*) from alerts').get();
      await seed('second alert');
      expect(fs.existsSync(`${file()}-wal`)).toBe(true);
      lockDown();
      const digest = await asReader(['digest', '--since', '1h', '--format', 'json']);
      expect(digest.exitCode, digest.stderr).toBe(0);
      expect(JSON.parse(digest.stdout).totals.alerts).toBe(2);
    } finally {
      writer.close();
    }
  });

  it('says the schema is behind, and what to do, instead of trying to migrate', async () => {
    await seed('disk full on db-1');
    const db = new Sqlite(file());
    const last = db.prepare('select name from kysely_migration order by name desc limit 1').get() as { name: string };
    db.prepare('delete from kysely_migration where name = ?').run(last.name);
    db.close();
    lockDown();
    const digest = await asReader(['digest', '--since', '1h']);
    expect(digest.exitCode).toBe(2);
    expect(digest.stderr).toContain(`needs 1 schema upgrade(s) (${last.name})`);
    expect(digest.stderr).toMatch(
      /hint: run a soloops command that writes .* as a user who can write to the data folder/,
    );
  });

  it('says there is no database yet when the folder cannot hold one', async () => {
    fs.mkdirSync(sandbox.home, { recursive: true });
    lockDown();
    const digest = await asReader(['digest', '--since', '1h']);
    expect(digest.exitCode).toBe(2);
    expect(digest.stderr).toContain(`there is no database ${file()} yet`);
  });
});
