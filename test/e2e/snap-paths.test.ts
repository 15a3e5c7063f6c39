import { execa } from 'execa';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { binPath, makeSandbox, type Sandbox } from '../helpers/cli.js';

let sandbox: Sandbox;
beforeEach(() => {
  sandbox = makeSandbox();
});
afterEach(() => sandbox.cleanup());

/**
 * Node's own recursive mkdir used to spin forever on these paths, deaf to SIGTERM: a generous
 * SIGKILL deadline makes a regression fail (exit code undefined) instead of hanging the suite.
 */
function snapWith(args: string[]) {
  return execa('node', [binPath, 'snap', ...args], {
    cwd: sandbox.dir,
    env: sandbox.env,
    reject: false,
    stdin: 'ignore',
    timeout: 20_000,
    killSignal: 'SIGKILL',
  });
}

describe('soloops snap with a folder that cannot be created', () => {
  it.runIf(process.platform === 'linux')('--out /proc/foo fails with exit 2, the folder and a hint', async () => {
    const result = await snapWith(['--out', '/proc/foo']);
    expect(result.timedOut).toBe(false);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/cannot create the snapshot folder \/proc\/foo/);
    expect(result.stderr).toMatch(/hint: .*folder you can write to/);
    expect(result.stdout).toBe('');
  });

  it.runIf(process.platform === 'linux')('--home /proc/x fails with exit 2, the folder and a hint', async () => {
    const result = await snapWith(['--home', '/proc/x']);
    expect(result.timedOut).toBe(false);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/cannot create the data folder \/proc\/x/);
    expect(result.stderr).toMatch(/hint: .*folder you can write to/);
  });

  it('--out below a regular file fails the same way (on every platform)', async () => {
    const result = await snapWith(['--out', `${binPath}/snaps`]);
    expect(result.timedOut).toBe(false);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/cannot create the snapshot folder/);
  });
});
