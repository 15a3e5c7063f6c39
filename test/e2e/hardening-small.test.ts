import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeSandbox, runCli, type Sandbox } from '../helpers/cli.js';

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
      ['--users-month', '2_000_000_000', /--users-month 2_000_000_000 is out of range: it must be from 1 to 1,000,000,000/],
      ['--peak-concurrent', '1e12', /--peak-concurrent 1e12 is out of range: it must be from 1 to 1,000,000,000/],
      ['--budget', '$1e300', /--budget 1e300 is out of range: it must be from 0\.01 to 10,000,000/],
    ];
    for (const [flag, value, message] of cases) {
      const result = await runCli(['architect', 'service.yaml', '--dry-run', flag, value], { sandbox });
      expect(result.exitCode, `${flag} ${value}: ${result.stderr}`).toBe(2);
      expect(result.stderr).toMatch(message);
    }
  });

  it('plans at the maxima with finite numbers in main.tf', async () => {
    fs.writeFileSync(path.join(sandbox.dir, 'service.yaml'), 'type: api\nusersMonth: 1000000000\npeakConcurrent: 1000000000\nbudgetUsd: 10000000\nregion: us-east-1\nfeatures: [db, cache, queue]\nspike: 1000\n');
    const result = await runCli(['architect', 'service.yaml'], { sandbox });
    expect(result.exitCode, result.stderr).toBe(0);
    const main = fs.readFileSync(path.join(sandbox.dir, 'infra', 'main.tf'), 'utf8');
    expect(main).not.toMatch(/Infinity|NaN|\d[eE]\+\d/);
    expect(main).toMatch(/autoscaling_max_capacity\s*=\s*\d+\n/);
  });
});
