import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeEach } from 'vitest';
import { makeSandbox, type Sandbox } from './cli.js';

/** Whether tmux is installed; TTY tests skip (with a printed reason) without it, except in CI. */
export function tmuxAvailable(): boolean {
  try {
    execFileSync('tmux', ['-V'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/**
 * Whether the terminal tests of `suite` can run: without tmux they are skipped with a printed
 * reason, except in CI (.ci/run installs tmux), where a missing tmux is a failure.
 */
export function terminalTestsCanRun(suite: string): boolean {
  if (tmuxAvailable()) return true;
  if (process.env.CI) throw new Error(`tmux is required for the ${suite} terminal tests in CI (.ci/run installs it)`);
  console.warn(`skipping ${suite} terminal (TTY) tests: tmux is not installed`);
  return false;
}

/**
 * A command running in a real pseudo-terminal (a detached tmux session on a private socket),
 * so prompts and ink views see a TTY exactly as a person's terminal would give them.
 */
export class TerminalSession {
  private readonly socket: string;
  constructor(
    private readonly dir: string,
    command: string,
    env: Record<string, string>,
  ) {
    this.socket = `soloops-test-${process.pid}-${Math.random().toString(36).slice(2)}`;
    const exports = Object.entries(env)
      .map(([k, v]) => `export ${k}=${JSON.stringify(v)};`)
      .join(' ');
    // The pane stays open after the command (until close()), so its last screen can still be read.
    const script =
      `${exports} unset CI; cd ${JSON.stringify(dir)}; ${command}; ` +
      `echo $? > ${JSON.stringify(this.exitFile)}; exec sleep 86400`;
    this.tmux('new-session', '-d', '-x', '120', '-y', '40', 'bash', '-c', script);
  }

  // One file per session: a second session in the same folder must not read the first one's exit code.
  private get exitFile(): string {
    return path.join(this.dir, `tmux-exit-code-${this.socket}`);
  }

  private tmux(...args: string[]): string {
    return execFileSync('tmux', ['-L', this.socket, ...args], { encoding: 'utf8' });
  }

  screen(): string {
    return this.tmux('capture-pane', '-p');
  }

  keys(...keys: string[]): void {
    this.tmux('send-keys', ...keys);
  }

  /** Waits for text on the screen; the bound only guards against a hang, nothing asserts on speed. */
  async waitFor(pattern: RegExp, limitMs = 30_000): Promise<string> {
    for (const started = Date.now(); Date.now() - started < limitMs; await sleep(50)) {
      const screen = this.screen();
      if (pattern.test(screen)) return screen;
    }
    throw new Error(`timed out waiting for ${pattern} on the terminal; screen was:\n${this.screen()}`);
  }

  /** Waits for the command to end and returns its exit code. */
  async exitCode(limitMs = 30_000): Promise<number> {
    for (const started = Date.now(); Date.now() - started < limitMs; await sleep(50)) {
      if (fs.existsSync(this.exitFile)) {
        const text = fs.readFileSync(this.exitFile, 'utf8').trim();
        if (text) return Number(text);
      }
    }
    throw new Error(`the command did not end; screen was:\n${this.screen()}`);
  }

  close(): void {
    try {
      this.tmux('kill-server');
    } catch {
      // already gone
    }
  }
}

/** A fresh sandbox for each test, and the terminal session started in it; both go after the test. */
export interface SandboxTerminal {
  readonly sandbox: Sandbox;
  /** Runs `command` (a bash command line) on a terminal in the sandbox, with its environment plus `env`. */
  start(command: string, env?: Record<string, string>): TerminalSession;
}

/** Registers the per-test sandbox and session; `setup` prepares each sandbox (a soloops.yaml, say). */
export function useSandboxTerminal(setup?: (sandbox: Sandbox) => void): SandboxTerminal {
  let sandbox: Sandbox | undefined;
  let session: TerminalSession | undefined;
  beforeEach(() => {
    sandbox = makeSandbox();
    setup?.(sandbox);
  });
  afterEach(() => {
    session?.close();
    session = undefined;
    sandbox?.cleanup();
  });
  return {
    get sandbox() {
      if (!sandbox) throw new Error('the sandbox exists only inside a test');
      return sandbox;
    },
    start(command, env = {}) {
      // CI stays in the exported environment; the session's script unsets it itself.
      session = new TerminalSession(this.sandbox.dir, command, { ...this.sandbox.env, ...env });
      return session;
    },
  };
}
