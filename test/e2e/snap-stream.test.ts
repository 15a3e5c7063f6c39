import { execa } from 'execa';
import { parseAllDocuments } from 'yaml';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { binPath, makeSandbox, type Sandbox } from '../helpers/cli.js';

let sandbox: Sandbox;
beforeEach(() => {
  sandbox = makeSandbox();
});
afterEach(() => sandbox.cleanup());

/**
 * Runs `snap --interval 1s` with stdout into a pipe until its output shows `records` records (no
 * timers: each record is awaited), then Ctrl-C. A SIGKILL deadline turns a hang into a failure.
 */
async function streamUntil(args: string[], records: (stdout: string) => number, globalFlags: string[] = []) {
  const child = execa('node', [binPath, ...globalFlags, 'snap', '--interval', '1s', ...args], {
    cwd: sandbox.dir,
    env: sandbox.env,
    reject: false,
    stdin: 'ignore',
    timeout: 60_000,
    killSignal: 'SIGKILL',
  });
  let seen = '';
  await new Promise<void>((resolve) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      if (records(seen) >= 2) resolve();
    });
    child.stdout!.once('end', () => resolve());
  });
  child.kill('SIGINT');
  const result = await child;
  expect(result.exitCode, result.stderr).toBe(130);
  return result.stdout as string;
}

describe('soloops snap --interval into a pipe prints its format as a stream', () => {
  it('JSON (the default) as NDJSON: one snapshot per line, without --json', async () => {
    const stdout = await streamUntil([], (text) => text.split('\n').length - 1);
    const lines = stdout.trimEnd().split('\n');
    expect(lines.length).toBeGreaterThanOrEqual(2);
    const snaps = lines.map((line) => JSON.parse(line));
    expect(snaps.every((snap) => snap.schema === 1)).toBe(true);
  });

  it('YAML as documents each opened by ---', async () => {
    const stdout = await streamUntil(['--format', 'yaml'], (text) => text.match(/^---$/gm)?.length ?? 0);
    expect(stdout.startsWith('---\n')).toBe(true);
    const values = [...parseAllDocuments(stdout)].map((doc) => doc.toJS() as { schema: number });
    expect(values.length).toBeGreaterThanOrEqual(2);
    expect(values.every((snap) => snap.schema === 1)).toBe(true);
  });

  it('CSV with one key,value header', async () => {
    const stdout = await streamUntil(['--format', 'csv'], (text) => text.match(/^takenAt,/gm)?.length ?? 0);
    const lines = stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('key,value');
    expect(lines.filter((line) => line === 'key,value')).toHaveLength(1);
    expect(lines.filter((line) => line.startsWith('takenAt,')).length).toBeGreaterThanOrEqual(2);
  });

  it('with --json stays NDJSON whatever --format says', async () => {
    const stdout = await streamUntil(['--format', 'yaml'], (text) => text.split('\n').length - 1, ['--json']);
    const snaps = stdout
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(snaps.length).toBeGreaterThanOrEqual(2);
    expect(snaps.every((snap) => snap.schema === 1)).toBe(true);
  });
});
