import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa, type Options, type ResultPromise } from 'execa';

/** The repository root (tests run the built CLI from here). */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const binPath = path.join(repoRoot, 'bin', 'soloops.js');

/** A throwaway working folder with its own HOME, XDG folders and SOLOOPS_HOME. */
export interface Sandbox {
  dir: string;
  home: string;
  env: Record<string, string>;
  cleanup(): void;
}

export function makeSandbox(): Sandbox {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'soloops-e2e-'));
  const home = path.join(dir, 'data');
  const env = {
    HOME: dir,
    XDG_CONFIG_HOME: path.join(dir, 'config'),
    XDG_DATA_HOME: path.join(dir, 'xdg-data'),
    SOLOOPS_HOME: home,
    // Point Docker at a socket that does not exist unless a test says otherwise.
    DOCKER_HOST: `unix://${path.join(dir, 'no-docker.sock')}`,
    NO_COLOR: '',
    CI: '1',
  };
  return { dir, home, env, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** Runs `node bin/soloops.js …` like a user would, never throwing on a non-zero exit. */
export function runCli(
  args: string[],
  options: { sandbox: Sandbox; env?: Record<string, string | undefined>; input?: string; stdinPipe?: boolean } & Pick<
    Options,
    'cwd'
  >,
): ResultPromise<{ reject: false; stripFinalNewline: false }> {
  const { sandbox, env, input, cwd, stdinPipe } = options;
  return execa('node', [binPath, ...args], {
    cwd: cwd ?? sandbox.dir,
    env: { ...sandbox.env, ...env },
    extendEnv: true,
    reject: false,
    stripFinalNewline: false,
    ...(input !== undefined ? { input } : { stdin: stdinPipe ? 'pipe' : 'ignore' }),
  }) as never;
}
