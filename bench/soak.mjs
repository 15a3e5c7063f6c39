// Memory soak of `soloops watch` (issue 17): SOAK_ALERTS single-alert POSTs at full speed on
// keep-alive connections, then SOAK_MINUTES at SOAK_RATE alerts/s, into one daemon, its RSS
// (VmRSS of /proc/<pid>/status) sampled every second. The figures: RSS after the first 100k
// alerts and at the end; budget: end ≤ 150 MB and ≤ 1.2× the value after 100k.
//
// Reference, in the same run: a plain Node `http` server in its own process that reads and
// JSON-parses each body and answers 202 (no store, no triage), taking the same full-speed load
// (phase one only), so the figures show what Node and the load alone cost on this machine.
//
// Takes about 10 min at full speed plus SOAK_MINUTES, so it is not in `npm run bench`; run it alone:
//   node bench/soak.mjs                                        # 1 M alerts + 30 min, SQLite
//   SOAK_DB=postgres node bench/soak.mjs                       # the same on a throwaway PostgreSQL
//   SOAK_STORM=1 node bench/soak.mjs                           # every alert with one fingerprint
//   SOAK_ALERTS=200000 SOAK_MINUTES=2 node bench/soak.mjs      # a shorter run
// Other knobs: SOAK_CONNECTIONS (16), SOAK_REFERENCE=0 (skip the reference), SOAK_NODE_OPTIONS
// (flags for the daemon's node, e.g. --expose-gc), SOAK_SAMPLES=<file> (every sample as CSV),
// SOAK_BIN (the CLI to run; default bin/soloops.js, which runs dist/: `npm run build` first).
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';

const bin = process.env.SOAK_BIN ?? fileURLToPath(new URL('../bin/soloops.js', import.meta.url));
const total = Number(process.env.SOAK_ALERTS ?? 1_000_000);
const minutes = Number(process.env.SOAK_MINUTES ?? 30);
const rate = Number(process.env.SOAK_RATE ?? 100);
const db = process.env.SOAK_DB ?? 'sqlite';
const storm = process.env.SOAK_STORM === '1';
const connections = Number(process.env.SOAK_CONNECTIONS ?? 16);
const withReference = process.env.SOAK_REFERENCE !== '0';
const nodeFlags = (process.env.SOAK_NODE_OPTIONS ?? '').split(/\s+/).filter(Boolean);
const MARK = Math.min(100_000, total);
const MB = 1024 * 1024;
if (db !== 'sqlite' && db !== 'postgres') throw new Error(`SOAK_DB=${db}: sqlite or postgres`);

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'soloops-bench-soak-'));
const home = path.join(dir, 'home');

/** The resident set of a process in bytes, as the kernel counts it (what `top` and the user saw). */
function rssOf(pid) {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/^VmRSS:\s+(\d+) kB/m.exec(status)[1]) * 1024;
}

/**
 * Realistic single alerts, alternately a generic webhook and an Alertmanager group of one, each
 * with its own fingerprint (a storm: all the same alert, so one group).
 */
function bodyOf(n) {
  const k = storm ? 0 : n;
  const service = ['payments', 'api', 'search', 'checkout'][k % 4];
  if (k % 2 === 0)
    return JSON.stringify({
      title: `checkout API returns 503 on web-${k % 7}`,
      message: `error rate 12% over the last 5 minutes; request ${n}`,
      service,
      severity: 'high',
      fingerprint: `soak-${k}`,
    });
  return JSON.stringify({
    version: '4',
    status: 'firing',
    receiver: 'soloops',
    groupKey: `{}:{alertname="HighLatency",instance="node-${k}"}`,
    groupLabels: { alertname: 'HighLatency' },
    commonLabels: { alertname: 'HighLatency', service, instance: `node-${k}:9100`, severity: 'warning' },
    commonAnnotations: { summary: 'p99 latency above 2s' },
    externalURL: 'http://alertmanager:9093',
    alerts: [
      {
        status: 'firing',
        labels: { alertname: 'HighLatency', service, instance: `node-${k}:9100`, severity: 'warning' },
        annotations: { summary: 'p99 latency above 2s', description: `p99 is 2.${n % 10} s on node-${k}` },
        startsAt: new Date(Date.UTC(2026, 11, 1) + n * 1000).toISOString(),
        endsAt: '0001-01-01T00:00:00Z',
        generatorURL: 'http://prometheus:9090/graph',
        fingerprint: (0x1000000000 + k).toString(16),
      },
    ],
  });
}

/** Starts a process that prints `listening on http://127.0.0.1:<port>`; keeps only its stderr's tail. */
async function startServer(args, env) {
  const child = spawn('node', args, { cwd: dir, env, stdio: ['ignore', 'ignore', 'pipe'] });
  let tail = '';
  const exited = once(child, 'exit');
  const port = await new Promise((resolve, reject) => {
    child.stderr.setEncoding('utf8').on('data', (chunk) => {
      const seen = tail + chunk;
      tail = seen.slice(-8000);
      const match = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(seen);
      if (match) resolve(Number(match[1]));
    });
    child.once('exit', (code) => reject(new Error(`${args.join(' ')} exited ${code}:\n${tail}`)));
    setTimeout(() => reject(new Error(`${args.join(' ')} did not listen within 60 s:\n${tail}`)), 60_000).unref();
  });
  return {
    pid: child.pid,
    port,
    tail: () => tail,
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** Sends `amount` alerts as fast as the server takes them (or `rate`/s for `seconds`), counting answers. */
async function load(port, { amount, rate: overallRate, seconds, first, onAnswer }) {
  let n = first;
  const result = await autocannon({
    url: `http://127.0.0.1:${port}`,
    connections: overallRate ? Math.min(connections, 4) : connections,
    ...(amount ? { amount } : { duration: seconds, overallRate }),
    timeout: 30,
    requests: [
      {
        method: 'POST',
        path: '/v1/alerts',
        headers: { 'content-type': 'application/json' },
        setupRequest: (request) => ({ ...request, body: bodyOf(n++) }),
        onResponse: onAnswer,
      },
    ],
  });
  return { sent: n - first, result };
}

/** Samples a process's RSS every second while `work` runs; the samples and what `work` returned. */
async function sampled(pid, label, work) {
  const samples = [];
  const started = Date.now();
  const state = { sent: 0, at100k: undefined };
  const take = () => samples.push({ s: (Date.now() - started) / 1000, sent: state.sent, rss: rssOf(pid) });
  const timer = setInterval(take, 1000);
  const progress = setInterval(() => {
    const last = samples.at(-1);
    if (last)
      console.error(`${label}: ${last.s.toFixed(0)} s, ${state.sent} alerts, RSS ${(last.rss / MB).toFixed(0)} MB`);
  }, 30_000);
  try {
    take();
    await work(state, () => {
      state.sent++;
      if (state.sent === MARK) state.at100k = rssOf(pid);
    });
    take();
  } finally {
    clearInterval(timer);
    clearInterval(progress);
  }
  return { samples, at100k: state.at100k, end: samples.at(-1).rss, peak: Math.max(...samples.map((x) => x.rss)) };
}

function checked(name, { result }) {
  const bad = result.non2xx + result.errors + result.timeouts;
  if (bad) console.error(`${name}: ${result.non2xx} non-2xx, ${result.errors} errors, ${result.timeouts} timeouts`);
  return result;
}

/** A throwaway PostgreSQL (initdb + pg_ctl, as test/helpers/postgres.ts does), as the postgres user if root. */
async function startPostgres() {
  const root = '/usr/lib/postgresql';
  const version = fs.readdirSync(root).sort((a, b) => Number(b) - Number(a))[0];
  const pgBin = process.env.PG_BIN ?? path.join(root, version, 'bin');
  const pgDir = path.join(dir, 'pg');
  fs.mkdirSync(pgDir);
  const asPostgres = process.getuid?.() === 0;
  if (asPostgres) {
    const uid = Number(spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).stdout);
    const gid = Number(spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).stdout);
    fs.chmodSync(dir, 0o755);
    fs.chownSync(pgDir, uid, gid);
  }
  const run = (cmd, args) => {
    const [file, argv] = asPostgres
      ? ['runuser', ['-u', 'postgres', '--', path.join(pgBin, cmd), ...args]]
      : [path.join(pgBin, cmd), args];
    const r = spawnSync(file, argv, { cwd: pgDir, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`${cmd} exited ${r.status}: ${r.stderr}`);
  };
  const data = path.join(pgDir, 'data');
  run('initdb', ['-D', data, '-U', 'soloops', '--auth=trust', '-E', 'UTF8', '--no-locale', '--no-sync']);
  const port = await new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const p = s.address().port;
      s.close(() => resolve(p));
    });
  });
  // Durability is not what this measures: fsync off keeps the disk out of the figures.
  const opts = `-p ${port} -c listen_addresses=127.0.0.1 -c unix_socket_directories=${pgDir} -c fsync=off`;
  run('pg_ctl', ['-D', data, '-l', path.join(pgDir, 'server.log'), '-w', '-o', opts, 'start']);
  return {
    url: `postgres://soloops@127.0.0.1:${port}/postgres`,
    stop: () => run('pg_ctl', ['-D', data, '-m', 'fast', 'stop']),
  };
}

// The reference: the least a Node server taking these requests costs.
const REFERENCE = `
  const http = require('node:http');
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c)).on('end', () => {
      JSON.parse(Buffer.concat(chunks).toString('utf8'));
      res.writeHead(202, { 'content-type': 'application/json' }).end('{"accepted":1}');
    });
  });
  server.listen(0, '127.0.0.1', () => console.error('listening on http://127.0.0.1:' + server.address().port));
  process.on('SIGTERM', () => server.close(() => process.exit(0)));
`;

const mb = (bytes) => `${(bytes / MB).toFixed(0)} MB`;
const pg = db === 'postgres' ? await startPostgres() : undefined;
try {
  // A limit nobody reaches: the soak measures memory, not the default rate limit (6,000 alerts a minute).
  fs.writeFileSync(
    path.join(dir, 'soloops.yaml'),
    `watch:\n  port: 0\n  rate_limit: { max: 1000000000, window: 1m }\n${pg ? `database:\n  url: "${pg.url}"\n` : ''}`,
  );
  const env = { ...process.env, SOLOOPS_HOME: home, CI: '1' };
  const daemon = await startServer([...nodeFlags, bin, 'watch', '--port', '0'], env);
  const label = `soak ${db}${storm ? ' storm' : ''}`;
  let run;
  try {
    run = await sampled(daemon.pid, label, async (_state, onAnswer) => {
      checked('full speed', await load(daemon.port, { amount: total, first: 0, onAnswer }));
      console.error(`${label}: ${total} alerts sent; now ${minutes} min at ${rate}/s`);
      if (minutes > 0)
        checked('steady', await load(daemon.port, { rate, seconds: minutes * 60, first: total, onAnswer }));
    });
  } finally {
    await daemon.stop();
  }
  let ref;
  if (withReference) {
    const reference = await startServer(['-e', REFERENCE], process.env);
    try {
      ref = await sampled(reference.pid, 'reference', async (_state, onAnswer) => {
        checked('reference', await load(reference.port, { amount: total, first: 0, onAnswer }));
      });
    } finally {
      await reference.stop();
    }
  }
  if (process.env.SOAK_SAMPLES)
    fs.writeFileSync(
      process.env.SOAK_SAMPLES,
      `s,sent,rss_mb\n${run.samples.map((x) => `${x.s.toFixed(1)},${x.sent},${(x.rss / MB).toFixed(1)}`).join('\n')}\n`,
    );
  const ratio = run.end / run.at100k;
  const pass = run.end <= 150 * MB && ratio <= 1.2;
  const start = run.samples[0].rss;
  console.log(
    `Memory soak (${db}${storm ? ', one group' : ', distinct fingerprints'}; ${total} alerts at full speed, ` +
      `then ${minutes} min at ${rate}/s): RSS start ${mb(start)} · after ${MARK} ${mb(run.at100k)} · ` +
      `end ${mb(run.end)} · peak ${mb(run.peak)} · ratio ${ratio.toFixed(2)}× · ${pass ? 'PASS' : 'FAIL'} ` +
      '(budget end ≤ 150 MB and ≤ 1.2× after 100k)' +
      (ref
        ? `\n  reference (plain node http, parse and 202, same ${total} alerts at full speed): start ` +
          `${mb(ref.samples[0].rss)} · after ${MARK} ${mb(ref.at100k)} · end ${mb(ref.end)} · peak ${mb(ref.peak)}`
        : ''),
  );
  if (!pass) process.exitCode = 1;
} finally {
  pg?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
}
