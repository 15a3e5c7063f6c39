import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import Database from 'better-sqlite3';
import { createAppContext } from '../../src/app/context.js';
import { startWatch } from '../../src/app/watch/watch.js';
import type { SnsVerifier } from '../../src/sources/cloudwatch/sns-verifier.js';
import type { DaemonControl } from '../../src/watch/daemon.js';

/** A `soloops watch` daemon running in this process on a free loopback port, with its own data folder. */
export interface InProcessDaemon {
  url: string;
  dir: string;
  home: string;
  configFile: string;
  /** Lines to feed the daemon's stdin (null unless `stdin: true`). */
  stdin: PassThrough | null;
  logs(): string[];
  /** True until runWatch has returned or thrown (a stop, or a crash of the daemon itself). */
  running(): boolean;
  /** SIGHUP, as main.ts would deliver it. */
  reload(): void;
  /**
   * One scheduler pass (pipeline, due wake steps) at the `now` the test gave, awaited: after a
   * test moves its clock, what is due has happened and what is not due has not, with no waiting.
   */
  tick(): Promise<void>;
  /** Read-only SQL on the SQLite store (fresh connection per call). */
  query<T = Record<string, unknown>>(sql: string, ...params: unknown[]): T[];
  /** Graceful stop; the data folder is removed unless `keep` (for a restart on the same data). */
  stop(options?: { keep?: boolean }): Promise<void>;
}

/** Starts the daemon with `config` (YAML text) as its soloops.yaml; `env` adds secrets. */
export async function startDaemon(
  config: string,
  options: {
    env?: Record<string, string>;
    stdin?: boolean;
    now?: () => Date;
    dir?: string;
    /** Where to listen (default 127.0.0.1 from the config) and whether --insecure was given. */
    host?: string;
    insecure?: boolean;
    /** The SNS verifier (a real one with a certificate download the test controls). */
    snsVerifier?: SnsVerifier;
  } = {},
): Promise<InProcessDaemon> {
  const dir = options.dir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'soloops-watch-'));
  const home = path.join(dir, 'data');
  const configFile = path.join(dir, 'soloops.yaml');
  fs.writeFileSync(configFile, config);
  const env = { SOLOOPS_HOME: home, ...options.env };
  const open = () => createAppContext({ config: configFile, env, cwd: dir });
  const logStream = new PassThrough();
  const lines: string[] = [];
  logStream.on('data', (chunk: Buffer) => lines.push(...chunk.toString().split('\n').filter(Boolean)));
  const stdin = options.stdin ? new PassThrough() : null;
  const controller = new AbortController();
  const reloads = new EventTarget();
  let resolveListening!: (address: { host: string; port: number }) => void;
  const listening = new Promise<{ host: string; port: number }>((resolve) => (resolveListening = resolve));
  let control: DaemonControl | undefined;
  const done = startWatch(
    open(),
    {
      host: options.host,
      port: 0,
      insecure: options.insecure ?? false,
      snsVerifier: options.snsVerifier,
      input: stdin,
      logStream,
      logLevel: 'debug',
      reloads,
      reopen: open,
      onListening: resolveListening,
      onStarted: (started) => (control = started),
      now: options.now,
    },
    controller.signal,
  );
  let settled = false;
  void done.then(
    () => (settled = true),
    () => (settled = true),
  );
  const address = await Promise.race([
    listening,
    done.then(() => {
      throw new Error(`daemon stopped before listening:\n${lines.join('\n')}`);
    }),
  ]);
  return {
    url: `http://127.0.0.1:${address.port}`,
    dir,
    home,
    configFile,
    stdin,
    logs: () => lines,
    running: () => !settled,
    reload: () => reloads.dispatchEvent(new Event('reload')),
    tick: async () => {
      if (!control) throw new Error('the daemon has not started its scheduler');
      await control.tick();
    },
    query: <T>(sql: string, ...params: unknown[]) => {
      const db = new Database(path.join(home, 'soloops.db'), { readonly: true });
      try {
        return db.prepare(sql).all(...params) as T[];
      } finally {
        db.close();
      }
    },
    stop: async (options) => {
      controller.abort();
      await done;
      if (!options?.keep) fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Polls `check` until it returns a truthy value (or throws its last error after `deadlineMs`). */
export async function eventually<T>(check: () => T | Promise<T>, deadlineMs = 20_000): Promise<T> {
  const until = Date.now() + deadlineMs;
  for (;;) {
    try {
      const value = await check();
      if (value) return value;
      if (Date.now() > until) throw new Error('condition not met before the deadline');
    } catch (error) {
      if (Date.now() > until) throw error;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * The daemon's answer to a POST, as tests read it: `accepted` and `ids` on 202, `error` on a refusal,
 * whatever else an endpoint adds. Not checked at run time: a test asserts the status first.
 */
export interface PostAnswer {
  accepted: number;
  ids: string[];
  error: string;
  [field: string]: unknown;
}

/** POSTs a body (object → JSON) and returns status and parsed JSON (the text when it is not JSON). */
export async function post(
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; json: PostAnswer }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : Buffer.isBuffer(body) ? new Uint8Array(body) : JSON.stringify(body),
  });
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = text;
  }
  return { status: response.status, json: json as PostAnswer };
}
