import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

/** A throwaway PostgreSQL server; `url` carries a real password (scram-sha-256). */
export interface RunningPostgres {
  url: string;
  /** Superuser name and password, so tests can build wrong-credential URLs. */
  user: string;
  password: string;
  port: number;
  /** Folder holding the server's unix socket (`?host=<socketDir>&port=<port>`). */
  socketDir: string;
  /** Stops the server and removes its data. */
  stop(): Promise<void>;
  /** `pg_ctl stop -m immediate` (a crash: no checkpoint, every connection cut), keeping the data. */
  kill(): Promise<void>;
  /** Starts the killed server again on the same port and data; resolves once it accepts connections. */
  restart(): Promise<void>;
}

/** Options for {@link startPostgres}. */
export interface PostgresOptions {
  /**
   * Keep synchronous_commit on. Off (the default) loses the last few hundred milliseconds of
   * commits to `kill()`, which is right for speed but wrong for a test of what survives a crash.
   */
  durableCommits?: boolean;
}

/**
 * Starts a real PostgreSQL server from the installed binaries (PG_BIN, else the newest
 * /usr/lib/postgresql/<v>/bin) in a fresh temp dir on a free loopback port.
 * Returns `{ skip }` when no binaries exist, unless SOLOOPS_REQUIRE_POSTGRES=1 (CI), which throws.
 */
export async function startPostgres(options: PostgresOptions = {}): Promise<RunningPostgres | { skip: string }> {
  const bin = findBinDir();
  const asUser = process.getuid?.() === 0 ? postgresUser() : undefined;
  let reason: string | undefined;
  if (!bin) reason = 'PostgreSQL server binaries not found (set PG_BIN or install postgresql)';
  else if (process.getuid?.() === 0 && !asUser) reason = 'running as root and no `postgres` user to run initdb as';
  if (reason) {
    if (process.env.SOLOOPS_REQUIRE_POSTGRES === '1') throw new Error(`SOLOOPS_REQUIRE_POSTGRES=1 but ${reason}`);
    return { skip: reason };
  }
  return start(bin!, asUser, options);
}

async function start(
  bin: string,
  asUser: { uid: number; gid: number } | undefined,
  options: PostgresOptions,
): Promise<RunningPostgres> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'soloops-pg-'));
  const data = path.join(dir, 'data');
  const user = 'soloops';
  const password = `pw-${randomBytes(12).toString('hex')}`;
  const pwfile = path.join(dir, 'pwfile');
  fs.writeFileSync(pwfile, `${password}\n`, { mode: 0o600 });
  // initdb refuses to run as root, so the whole dir belongs to the postgres user.
  if (asUser) for (const p of [dir, pwfile]) fs.chownSync(p, asUser.uid, asUser.gid);
  const run = (cmd: string, args: string[]) => exec(path.join(bin, cmd), args, dir, asUser !== undefined);
  const cleanup = () => fs.rmSync(dir, { recursive: true, force: true });
  try {
    // --no-sync and fsync=off: the data is thrown away, so durability only costs time. (A killed
    // server loses nothing to fsync=off: its writes are in the kernel; the machine never crashes.)
    await run('initdb', [
      '-D',
      data,
      '-U',
      user,
      '--auth=scram-sha-256',
      `--pwfile=${pwfile}`,
      '-E',
      'UTF8',
      '--no-locale',
      '--no-sync',
    ]);
    fs.rmSync(pwfile);
    const port = await freePort();
    const opts = [
      `-p ${port}`,
      '-c listen_addresses=127.0.0.1',
      `-c unix_socket_directories=${dir}`,
      '-c fsync=off',
      `-c synchronous_commit=${options.durableCommits ? 'on' : 'off'}`,
      '-c full_page_writes=off',
    ].join(' ');
    const startServer = () =>
      run('pg_ctl', ['-D', data, '-l', path.join(dir, 'server.log'), '-w', '-t', '60', '-o', opts, 'start']);
    const killServer = () => run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
    await startServer();
    let up = true;
    // If the test worker dies without afterAll, do not leave a server running.
    const onExit = () => stopSync(bin, data, asUser !== undefined, dir);
    process.once('exit', onExit);
    const url = `postgres://${user}:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`;
    return {
      url,
      user,
      password,
      port,
      socketDir: dir,
      async stop() {
        process.removeListener('exit', onExit);
        try {
          if (up) await killServer();
        } finally {
          up = false;
          cleanup();
        }
      },
      async kill() {
        await killServer();
        up = false;
      },
      async restart() {
        try {
          await startServer();
        } catch (error) {
          throw new Error(
            `could not restart PostgreSQL: ${(error as Error).message}${readLog(path.join(dir, 'server.log'))}`,
            { cause: error },
          );
        }
        up = true;
      },
    };
  } catch (error) {
    const log = readLog(path.join(dir, 'server.log'));
    cleanup();
    throw new Error(`could not start PostgreSQL from ${bin}: ${(error as Error).message}${log}`, { cause: error });
  }
}

function findBinDir(): string | undefined {
  const has = (d: string) => fs.existsSync(path.join(d, 'initdb')) && fs.existsSync(path.join(d, 'pg_ctl'));
  if (process.env.PG_BIN) return has(process.env.PG_BIN) ? process.env.PG_BIN : undefined;
  const root = '/usr/lib/postgresql';
  if (!fs.existsSync(root)) return undefined;
  const versions = fs
    .readdirSync(root)
    .filter((v) => /^\d+(\.\d+)?$/.test(v))
    .sort((a, b) => Number(b) - Number(a));
  return versions.map((v) => path.join(root, v, 'bin')).find(has);
}

function postgresUser(): { uid: number; gid: number } | undefined {
  const id = (flag: string) => spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' });
  const uid = id('-u');
  const gid = id('-g');
  if (uid.status !== 0 || gid.status !== 0) return undefined;
  return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
}

function command(file: string, args: string[], asPostgres: boolean): [string, string[]] {
  return asPostgres ? ['runuser', ['-u', 'postgres', '--', file, ...args]] : [file, args];
}

function exec(file: string, args: string[], cwd: string, asPostgres: boolean): Promise<void> {
  const [cmd, argv] = command(file, args, asPostgres);
  return new Promise((resolve, reject) => {
    // stdout is ignored: pg_ctl's server inherits nothing of ours because of -l, but be safe.
    const child = spawn(cmd, argv, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`${path.basename(file)} exited ${code}: ${stderr.trim()}`)),
    );
  });
}

function stopSync(bin: string, data: string, asPostgres: boolean, dir: string): void {
  const [cmd, argv] = command(path.join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop'], asPostgres);
  spawnSync(cmd, argv, { cwd: dir, stdio: 'ignore' });
  fs.rmSync(dir, { recursive: true, force: true });
}

/** A port nobody listens on right now (listen on 0, read it, close). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function readLog(file: string): string {
  try {
    return `\n--- server.log ---\n${fs.readFileSync(file, 'utf8').slice(-2000)}`;
  } catch {
    return '';
  }
}

let databases = 0;

/** A fresh, empty database on the running server, so a test starts from migration zero; returns its URL. */
export async function createDatabase(running: RunningPostgres): Promise<string> {
  const name = `t_${process.pid}_${++databases}`;
  const admin = new pg.Client(running.url);
  await admin.connect();
  try {
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  return running.url.replace(/\/postgres$/, `/${name}`);
}
