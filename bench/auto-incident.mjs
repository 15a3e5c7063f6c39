// Automatic incident latency on the built `soloops watch` (npm run build first). Two paths, each
// measured on the daemon's own clock, from the stored rows:
//  - wake: a critical alert's group is routed to Smart Wake (alert_groups.routed_at) → the
//    incident row (incidents.created_at);
//  - check down: the probe that completed the failure streak ended (check_results.at + ms) → the
//    incident row. A local HTTP server the check probes is closed and opened again each run.
// After each run the incident is resolved with `soloops incident update` (the person taking it
// over), so the next run opens a new one instead of joining it. Reference, same process: one bare
// better-sqlite3 transaction writing an incident row and its first timeline row, synchronous FULL
// as the daemon's store commits (the durable write floor).
// Budget: ≤ 1 s after the group wakes or the check goes down.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { median, report, startWatch } from './lib.mjs';

const bin = fileURLToPath(new URL('../bin/soloops.js', import.meta.url));
const runs = Number(process.env.BENCH_RUNS ?? 10);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'soloops-bench-incident-'));

const target = http.createServer((_req, res) => res.setHeader('connection', 'close').end('ok'));
const listen = (port = 0) =>
  new Promise((resolve) => target.listen(port, '127.0.0.1', () => resolve(target.address().port)));
const close = () => new Promise((resolve) => target.close(resolve));
const port = await listen();

fs.writeFileSync(
  path.join(dir, 'soloops.yaml'),
  [
    'watch: {port: 0, group_wait: 1ms, rate_limit: {max: 100000, window: 1m}}',
    'triage: {rules: [{name: all-critical, match: {title: "*"}, severity: critical}]}',
    'checks:',
    `  - {name: api, url: "http://127.0.0.1:${port}/", service: api, severity: critical,`,
    '     interval: 300ms, retryInterval: 50ms, timeout: 1s, failureThreshold: 3, successThreshold: 1}',
    'incident: {resolve_after: 1h}',
  ].join('\n'),
);
const env = { ...process.env, SOLOOPS_HOME: path.join(dir, 'home'), CI: '1' };
const daemon = await startWatch(bin, dir, env);
const daemonPort = daemon.port;

const dbFile = path.join(dir, 'home', 'soloops.db');
const read = (sql, ...params) => {
  const db = new Database(dbFile, { readonly: true });
  try {
    return db.prepare(sql).get(...params);
  } finally {
    db.close();
  }
};
const until = async (check, what) => {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const value = check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`${what} did not happen within 30 s:\n${daemon.log().slice(-2000)}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
};
const incidentAfter = (last) =>
  until(() => read('SELECT id, created_at FROM incidents WHERE id > ? ORDER BY id DESC LIMIT 1', last), 'an incident');
const resolve = (id) => {
  const done = spawnSync('node', [bin, 'incident', 'update', id, '--status', 'resolved', '--note', 'bench'], {
    cwd: dir,
    env,
  });
  if (done.status !== 0) throw new Error(`incident update exited ${done.status}: ${done.stderr}`);
};
const ms = (iso) => Date.parse(iso);

// Fingerprints drop numbers, so each alert gets its own words.
const word = (i) => Array.from(String(i).padStart(3, '0'), (d) => 'abcdefghij'[Number(d)]).join('');
let last = '';
await until(() => read('SELECT 1 FROM check_results WHERE ok = 1'), 'the first ok probe');
const wakes = [];
for (let i = 0; i < runs; i++) {
  const response = await fetch(`http://127.0.0.1:${daemonPort}/v1/alerts/generic`, {
    method: 'POST',
    body: JSON.stringify({ title: `bench outage ${word(i)}`, message: 'down', service: `svc-${word(i)}` }),
  });
  if (response.status !== 202) throw new Error(`the daemon answered ${response.status}: ${await response.text()}`);
  const incident = await incidentAfter(last);
  const group = read('SELECT routed_at FROM alert_groups WHERE service = ?', `svc-${word(i)}`);
  wakes.push(ms(incident.created_at) - ms(group.routed_at));
  resolve((last = incident.id));
}
const downs = [];
for (let i = 0; i < runs; i++) {
  const sinceId = read('SELECT max(id) AS id FROM check_results').id ?? 0;
  await close();
  const incident = await incidentAfter(last);
  // The third failing probe since the server closed completed the streak.
  const third = read('SELECT at, ms FROM check_results WHERE id > ? AND ok = 0 ORDER BY id LIMIT 1 OFFSET 2', sinceId);
  downs.push(ms(incident.created_at) - (ms(third.at) + third.ms));
  const upFrom = read('SELECT max(id) AS id FROM check_results').id;
  await listen(port);
  await until(() => read('SELECT 1 FROM check_results WHERE id > ? AND ok = 1', upFrom), 'the check coming back');
  resolve((last = incident.id));
}
await daemon.stop();

// The floor: the same two rows written in one transaction by this process, with the pragmas the
// daemon's store uses (WAL, synchronous FULL: the commit waits for the disk).
const floorDb = new Database(path.join(dir, 'floor.db'));
floorDb.pragma('journal_mode = WAL');
floorDb.pragma('synchronous = FULL');
floorDb.exec(
  'CREATE TABLE incidents (id TEXT PRIMARY KEY, body TEXT); CREATE TABLE updates (incident TEXT, note TEXT)',
);
const write = floorDb.transaction((id) => {
  floorDb.prepare('INSERT INTO incidents VALUES (?, ?)').run(id, 'x'.repeat(300));
  floorDb.prepare('INSERT INTO updates VALUES (?, ?)').run(id, 'Opened by soloops watch');
});
const floors = [];
for (let i = 0; i < 200; i++) {
  const started = performance.now();
  write(`inc-${i}`);
  floors.push(performance.now() - started);
}
floorDb.close();

const p95 = (values) => [...values].sort((a, b) => a - b)[Math.ceil(values.length * 0.95) - 1];
const floor = median(floors);
report(
  `group routed to wake → incident row, ${runs} wakes`,
  { median: median(wakes), p95: p95(wakes), 'bare SQLite write': floor.toFixed(2), ratio: median(wakes) / floor },
  '≤ 1000 ms',
);
report(
  `check down (last failing probe done) → incident row, ${runs} outages`,
  { median: median(downs), p95: p95(downs), 'bare SQLite write': floor.toFixed(2), ratio: median(downs) / floor },
  '≤ 1000 ms',
);
await close();
fs.rmSync(dir, { recursive: true, force: true });
