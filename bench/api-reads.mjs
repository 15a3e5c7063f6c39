// The SLA-monitor API on `soloops watch`: p99 latency of mixed GET reads (/api/system-status,
// /api/services, /api/uptime/:id, /api/incidents, the /status page) at a fixed 200 req/s (budget
// ≤ 50 ms), with 50 services, each with a health check probing a local server every minute and
// 90 days of history, and a few incidents. Side by side with /healthz (which reads the store too)
// at the same rate, on the same daemon, in interleaved rounds.
//
// History as the store keeps it in steady state: 90 days of raw 1-minute results (6.5 M rows) and
// the daily roll-ups (check_daily) of the whole days, which the routes read instead of raw rows.
import { once } from 'node:events';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import Sqlite from 'better-sqlite3';
import { median, report, startWatch } from './lib.mjs';

const bin = process.env.SOLOOPS_BIN ?? fileURLToPath(new URL('../bin/soloops.js', import.meta.url));
const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const rounds = Number(process.env.BENCH_RUNS ?? 2);
const rate = 200;
const SERVICES = 50;
/** Days of raw results to write (the roll-ups always cover 89 days); fewer makes the set-up quicker. */
const rawDays = Number(process.env.BENCH_RAW_DAYS ?? 90);
const DAY_MS = 86_400_000;
const token = 'bench-admin-token';
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'soloops-bench-api-'));
const home = path.join(dir, 'home');

// The probed servers answer 200 (a few of them slowly), so services have states and today has results.
const target = http.createServer((req, res) => {
  req.resume();
  res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
});
target.listen(0, '127.0.0.1');
await once(target, 'listening');

const ids = Array.from({ length: SERVICES }, (_, i) => `svc-${String(i).padStart(2, '0')}`);
fs.writeFileSync(
  path.join(dir, 'soloops.yaml'),
  [
    'watch:',
    '  port: 0',
    '  auth: { default: { token: { env: SOLOOPS_BENCH_TOKEN } } }',
    'services:',
    ...ids.map((id, i) => `  - { id: ${id}, name: "Service ${i}", checks: [${id}] }`),
    'checks:',
    ...ids.map((id, i) => {
      const url = `http://127.0.0.1:${target.address().port}/health/${i}`;
      return `  - { name: ${id}, url: "${url}", interval: 60s, service: ${id} }`;
    }),
    '',
  ].join('\n'),
);

/** Starts the daemon on this bench's data folder; resolves once it listens. */
const startDaemon = () =>
  startWatch(bin, dir, { ...process.env, SOLOOPS_HOME: home, SOLOOPS_BENCH_TOKEN: token, CI: '1' });

/**
 * 90 days of 1-minute results for every check (6.5 M rows, what incident.retention.raw keeps),
 * written in time order as the daemon writes them, and the roll-ups of the 89 whole days.
 */
function seedHistory(now) {
  const db = new Sqlite(path.join(home, 'soloops.db'));
  // Set-up only (no daemon is running): nothing to gain from syncing every day's transaction.
  db.pragma('synchronous = OFF');
  const today = Math.floor(now / DAY_MS) * DAY_MS;
  const daily = db.prepare(
    'INSERT OR REPLACE INTO check_daily (check_name, day, total, ok, errors, hist) VALUES (?, ?, ?, ?, ?, ?)',
  );
  // One statement per minute: the 50 checks' probes of that minute.
  const minute = db.prepare(
    `INSERT INTO check_results (check_name, at, ok, status, ms, error_type, error) VALUES ${ids
      .map(() => '(?, ?, ?, ?, ?, ?, NULL)')
      .join(', ')}`,
  );
  const start = today - 89 * DAY_MS;
  const rawStart = today - (rawDays - 1) * DAY_MS;
  for (let day = start; day < now; day += DAY_MS) {
    db.transaction(() => {
      for (let at = Math.max(day, rawStart); at < Math.min(day + DAY_MS, now - 60_000); at += 60_000) {
        const iso = new Date(at).toISOString();
        minute.run(
          ids.flatMap((id, s) => {
            const ok = (s * 7 + at / 60_000) % 997 !== 0;
            return [id, iso, ok ? 1 : 0, ok ? 200 : 503, 30 + ((at / 60_000 + s) % 17), ok ? null : 'http'];
          }),
        );
      }
      if (day < today)
        for (const [s, id] of ids.entries()) {
          const failed = Array.from({ length: 1440 }, (_, m) => (s * 7 + day / 60_000 + m) % 997 === 0).filter(Boolean);
          const n = failed.length;
          const errors = n ? JSON.stringify({ http: n }) : '{}';
          const hist = JSON.stringify([
            [30, 700],
            [40, 740 - n],
          ]);
          daily.run(id, new Date(day).toISOString().slice(0, 10), 1440, 1440 - n, errors, hist);
        }
    })();
  }
  db.close();
}

const cannon = (port, requests) =>
  autocannon({ url: `http://127.0.0.1:${port}`, requests, connections: 10, overallRate: rate, duration: seconds });

function checked(name, result) {
  if (result.non2xx || result.errors || result.timeouts)
    throw new Error(`${name}: ${result.non2xx} non-2xx, ${result.errors} errors, ${result.timeouts} timeouts`);
  return result;
}

// The first start creates the database (migrations); the history is written while no daemon runs.
await (await startDaemon()).stop();
const seeding = performance.now();
seedHistory(Date.now());
console.error(`api-reads: history written in ${Math.round((performance.now() - seeding) / 1000)} s`);
const daemon = await startDaemon();
try {
  const base = `http://127.0.0.1:${daemon.port}`;
  const auth = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  for (const [i, title] of ['Checkout returns 502', 'Slow search', 'Login errors'].entries()) {
    const body = JSON.stringify({ title, services: [ids[i * 7]], severity: ['critical', 'medium', 'high'][i] });
    const opened = await fetch(`${base}/api/incidents`, { method: 'POST', headers: auth, body });
    if (opened.status !== 201) throw new Error(`opening an incident: ${opened.status} ${await opened.text()}`);
  }
  // Ten requests a cycle: status ×2, services ×2, uptime ×3 (different services), incidents ×2, the page ×1.
  const reads = Array.from({ length: SERVICES }, (_, i) => [
    '/api/system-status',
    '/api/services',
    `/api/uptime/${ids[i]}`,
    '/api/incidents',
    `/api/uptime/${ids[(i + 17) % SERVICES]}`,
    '/api/system-status',
    '/api/incidents/past?days=14',
    `/api/uptime/${ids[(i + 31) % SERVICES]}?months=3`,
    '/api/services',
    '/status',
  ]).flat();
  const mixed = reads.map((p) => ({ method: 'GET', path: p }));
  const health = [{ method: 'GET', path: '/healthz' }];

  checked('warm-up', await autocannon({ url: base, requests: mixed, connections: 10, amount: 500 }));
  const p99 = { api: [], healthz: [] };
  const p50 = { api: [], healthz: [] };
  let achieved = 0;
  for (let r = 0; r < rounds; r++) {
    const api = checked('api', await cannon(daemon.port, mixed));
    const ref = checked('healthz', await cannon(daemon.port, health));
    p99.api.push(api.latency.p99);
    p99.healthz.push(ref.latency.p99);
    p50.api.push(api.latency.p50);
    p50.healthz.push(ref.latency.p50);
    achieved = api.requests.average;
  }
  report(
    `API reads (mixed GETs, 50 services × 90 days) at ${rate} req/s for ${seconds} s, p99 vs /healthz`,
    {
      api: median(p99.api),
      healthz: median(p99.healthz),
      ratio: median(p99.api) / Math.max(median(p99.healthz), 1),
      note: ` · p50 ${median(p50.api)} vs ${median(p50.healthz)} ms · achieved ${Math.round(achieved)} req/s`,
    },
    '≤ 50 ms',
  );
} finally {
  await daemon.stop();
  target.close();
  fs.rmSync(dir, { recursive: true, force: true });
}
