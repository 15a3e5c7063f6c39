import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeSandbox, runCli, type Sandbox } from '../helpers/cli.js';

let sandbox: Sandbox;
beforeEach(() => {
  sandbox = makeSandbox();
});
afterEach(() => sandbox.cleanup());

describe('soloops init', () => {
  it('writes a commented starter config with --yes that soloops itself accepts', async () => {
    const result = await runCli(['init', '--yes'], { sandbox, env: { TZ: 'Europe/Berlin' } });
    expect(result.exitCode).toBe(0);
    const file = path.join(sandbox.dir, 'soloops.yaml');
    expect(result.stdout.trim()).toBe(file);
    const text = fs.readFileSync(file, 'utf8');
    expect(text).toMatch(/^# soloops configuration/m);
    expect(text).toMatch(/# Custom metrics/);
    expect(parse(text).timezone).toBe('Europe/Berlin');
    const snap = await runCli(['snap', '--format', 'csv'], { sandbox });
    expect(snap.exitCode, snap.stderr).toBe(0);
  });

  it('never overwrites without --force', async () => {
    const file = path.join(sandbox.dir, 'soloops.yaml');
    fs.writeFileSync(file, '# mine\n');
    const refused = await runCli(['init', '--yes'], { sandbox });
    expect(refused.exitCode).toBe(2);
    expect(refused.stderr).toMatch(/already exists/);
    expect(refused.stderr).toMatch(/--force/);
    expect(fs.readFileSync(file, 'utf8')).toBe('# mine\n');
    const forced = await runCli(['init', '--yes', '--force'], { sandbox });
    expect(forced.exitCode).toBe(0);
    expect(fs.readFileSync(file, 'utf8')).toMatch(/^# soloops configuration/);
  });

  it('refuses to prompt without a terminal and names --yes', async () => {
    const result = await runCli(['init'], { sandbox });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/--yes/);
    expect(fs.existsSync(path.join(sandbox.dir, 'soloops.yaml'))).toBe(false);
  });

  it('writes where --path says and reports it as JSON with --json', async () => {
    const target = path.join(sandbox.dir, 'nested', 'conf.yaml');
    const result = await runCli(['--json', 'init', '--yes', '--path', target], { sandbox });
    expect(result.exitCode).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ path: target });
    expect(fs.existsSync(target)).toBe(true);
  });
});
