import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { binPath, type Sandbox } from './cli.js';

/** A `soloops watch` child process, listening on the port it reported. */
export interface WatchDaemon {
  child: ChildProcess;
  port: number;
  url: string;
  /** Everything the daemon wrote to stderr so far (for failure messages). */
  stderr(): string;
  /** Resolves with the exit code (or signal name) once the process has exited. */
  exited: Promise<number | string>;
}

const started = new Set<ChildProcess>();

/**
 * Starts `node bin/soloops.js watch --port 0` in the sandbox (its cwd, so `./soloops.yaml` there
 * is the config) and resolves once it printed the port it listens on. Stdin is /dev/null: a piped
 * stdin would be read as an alert stream. `bin`: another build's entry (a private copy of dist).
 */
export async function startWatchDaemon(sandbox: Sandbox, args: string[] = [], bin = binPath): Promise<WatchDaemon> {
  const child = spawn('node', [bin, 'watch', '--port', '0', ...args], {
    cwd: sandbox.dir,
    env: { ...process.env, ...sandbox.env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  started.add(child);
  const exited = once(child, 'exit').then(([code, signal]) => {
    started.delete(child);
    return (code ?? signal) as number | string;
  });
  let output = '';
  child.stderr!.setEncoding('utf8');
  child.stderr!.on('data', (chunk: string) => (output += chunk));
  const port = await new Promise<number>((resolve, reject) => {
    const onData = () => {
      const match = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(output);
      if (match) {
        child.stderr!.off('data', onData);
        resolve(Number(match[1]));
      }
    };
    child.stderr!.on('data', onData);
    void exited.then((code) => reject(new Error(`soloops watch exited ${code} before listening:\n${output}`)));
    // A bound, not a timing assertion: a daemon that never listens fails with its stderr, not a test timeout.
    setTimeout(
      () => reject(new Error(`soloops watch did not report listening within 30 s:\n${output}`)),
      30_000,
    ).unref();
  });
  return { child, port, url: `http://127.0.0.1:${port}`, stderr: () => output, exited };
}

/** SIGKILLs every daemon a test started and still running, and waits for each to be gone (for afterEach). */
export async function killWatchDaemons(): Promise<void> {
  await Promise.all(
    [...started].map(async (child) => {
      const gone = once(child, 'exit');
      child.kill('SIGKILL');
      await gone;
    }),
  );
}
