import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeSandbox, repoRoot, runCli, type Sandbox } from '../helpers/cli.js';

let sandbox: Sandbox;
beforeEach(() => {
  sandbox = makeSandbox();
});
afterEach(() => sandbox.cleanup());

describe('the soloops CLI', () => {
  it('prints its version from package.json', async () => {
    const { version } = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
    const result = await runCli(['--version'], { sandbox });
    expect(result.exitCode).toBe(0);
    expect(result.stdout.trim()).toBe(version);
  });

  it('shows help with examples for the program and every command', async () => {
    const top = await runCli(['--help'], { sandbox });
    expect(top.exitCode).toBe(0);
    expect(top.stdout).toMatch(/Examples:/);
    for (const command of ['init', 'snap', 'triage']) {
      expect(top.stdout).toContain(command);
      const help = await runCli([command, '--help'], { sandbox });
      expect(help.exitCode).toBe(0);
      expect(help.stdout).toMatch(/Examples:\n {2}soloops /);
    }
  });

  it('registers only working commands', async () => {
    const top = await runCli(['--help'], { sandbox });
    const section = top.stdout.split('Commands:\n')[1]!.split('\n\n')[0]!;
    const commands = [...section.matchAll(/^ {2}(\w+)/gm)].map((m) => m[1]);
    expect(commands.filter((c) => c !== 'help').sort()).toEqual([
      'ack',
      'architect',
      'audit',
      'digest',
      'incident',
      'init',
      'snap',
      'status',
      'store',
      'triage',
      'user',
      'watch',
    ]);
  });

  it('loads no SDK, database driver or UI library for --help', async () => {
    const trace = path.join(sandbox.dir, 'loads.txt');
    const result = await runCli(['--help'], {
      sandbox,
      env: {
        SOLOOPS_TRACE_LOADS: trace,
        NODE_OPTIONS: `--import=${path.join(repoRoot, 'test/helpers/trace-loads.mjs')}`,
      },
    });
    expect(result.exitCode).toBe(0);
    const loaded = fs
      .readFileSync(trace, 'utf8')
      .split('\n')
      .filter((url) => url.startsWith('file://'));
    expect(loaded.join('\n')).toContain('commander');
    // Some libraries are bundled into dist chunks, so check files, not package names: besides
    // commander, --help may load only the entry and tiny shared runtime chunks.
    for (const url of loaded) {
      const file = url.replace('file://', '');
      const rel = path.relative(repoRoot, file);
      const allowed =
        rel === 'bin/soloops.js' ||
        rel === 'dist/cli/main.js' ||
        rel.startsWith('node_modules/commander/') ||
        (rel.startsWith('dist/') && fs.statSync(file).size < 8_000);
      expect(allowed, `--help loaded ${rel}`).toBe(true);
    }
  });

  it('exits 2 on an unknown command or flag, with the reason on stderr', async () => {
    const unknown = await runCli(['frobnicate'], { sandbox });
    expect(unknown.exitCode).toBe(2);
    expect(unknown.stderr).toMatch(/unknown command/);
    expect(unknown.stdout).toBe('');
    const badFlag = await runCli(['snap', '--no-such-flag'], { sandbox });
    expect(badFlag.exitCode).toBe(2);
    expect(badFlag.stderr).toMatch(/unknown option/);
  });

  it('exits 2 naming the file, the key and what was expected for an invalid config', async () => {
    fs.writeFileSync(path.join(sandbox.dir, 'soloops.yaml'), 'snap:\n  keep_days: lots\n  formatt: json\n');
    const result = await runCli(['snap'], { sandbox });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain(path.join(sandbox.dir, 'soloops.yaml'));
    expect(result.stderr).toMatch(/snap\.keep_days: .*number/);
    expect(result.stderr).toMatch(/snap: unknown key "formatt"/);
    expect(result.stdout).toBe('');
  });

  it('exits 2 when --config names a missing file, and on YAML syntax errors', async () => {
    const missing = await runCli(['--config', 'nope.yaml', 'snap'], { sandbox });
    expect(missing.exitCode).toBe(2);
    expect(missing.stderr).toMatch(/nope\.yaml does not exist/);
    fs.writeFileSync(path.join(sandbox.dir, 'broken.yaml'), 'snap: [unclosed\n');
    const broken = await runCli(['--config', 'broken.yaml', 'snap'], { sandbox });
    expect(broken.exitCode).toBe(2);
    expect(broken.stderr).toMatch(/broken\.yaml is not valid YAML/);
  });

  it('finds the config in $XDG_CONFIG_HOME when there is no ./soloops.yaml', async () => {
    const file = path.join(sandbox.dir, 'config', 'soloops', 'config.yaml');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, 'snap:\n  format: csv\n');
    const result = await runCli(['snap'], { sandbox });
    expect(result.exitCode).toBe(0);
    expect(result.stdout.split('\n')[0]).toBe('key,value');
  });

  it('prints no colour codes when stdout is not a terminal', async () => {
    const result = await runCli(['snap', '--format', 'bogus'], { sandbox });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).not.toMatch(/\x1b\[/);
  });

  it('keeps the data folder errors clear: a --home that cannot be created is exit 2', async () => {
    fs.writeFileSync(path.join(sandbox.dir, 'a-file'), '');
    const result = await runCli(['--home', path.join(sandbox.dir, 'a-file', 'sub'), 'snap'], { sandbox });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/--home|SOLOOPS_HOME/);
  });

  it('rejects an unsupported database URL with exit 2 and never echoes a password', async () => {
    const result = await runCli(['--db', 'mysql://root:hunter2@localhost/x', 'snap'], { sandbox });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).not.toContain('hunter2');
  });
});
