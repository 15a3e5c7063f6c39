// The monthly SLA report: 50 services, each with one 1-minute health check, over November 2026
// (50 × 43,200 = 2.16 M check results, 0.2 % failed, and one 4-minute outage per service), plus
// 20 incidents. `soloops --json incident report --month 2026-11` as a user runs it (a cold
// process), side by side with a bare Node process that only counts the same month's rows with
// better-sqlite3 (SELECT count(*) over the (check_name, at) index). Twice: on raw results only
// (no roll-ups: the daemon never ran its daily retention), and after rollUpAndPrune's roll-ups
// (how watch leaves the store). Budget ≤ 2 s.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { importSource, report, sideBySide } from './lib.mjs';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const bin = path.join(repoRoot, 'bin', 'soloops.js');
const serviceCount = Number(process.env.BENCH_SERVICES ?? 50);
const runs = Number(process.env.BENCH_RUNS ?? 3);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'soloops-bench-sla-'));
const home = path.join(dir, 'home');
const Database = createRequire(import.meta.url)('better-sqlite3');

// The store's TypeScript, bundled with esbuild (a tsup dependency): migrations and roll-ups.
const { openStore } = await importSource('sla-store', 'src/store/index.ts');

const monthStart = Date.parse('2026-11-01T00:00:00Z');
const minutes = 30 * 1440;
const checks = Array.from({ length: serviceCount }, (_, i) => `svc-${String(i).padStart(2, '0')}`);
const store = await openStore({ home });
for (let i = 0; i < 20; i++) {
  const created = new Date(monthStart + i * 36 * 3600_000);
  const incident = await store.incidents.create(
    {
      title: `svc-${i} errors`,
      description: '',
      severity: i % 3 === 0 ? 'critical' : 'high',
      priority: i % 3 === 0 ? 'P1' : 'P2',
      priorityAuto: true,
      services: [checks[i % serviceCount]],
      reporter: 'soloops watch',
      detection: '3 checks in a row failed',
    },
    created,
    'soloops watch',
  );
  await store.incidents.updateStatus(
    incident.id,
    { status: 'resolved', note: 'fixed', author: 'bench' },
    new Date(created.getTime() + 47 * 60_000),
    () => {},
  );
}
await store.close();

// 2.16 M rows straight through better-sqlite3 (the store's one-row insert would take minutes).
const db = new Database(path.join(home, 'soloops.db'));
const insert = db.prepare(
  'INSERT INTO check_results (check_name, at, ok, status, ms, error_type, error) VALUES (?, ?, ?, ?, ?, ?, ?)',
);
let seed = 42;
const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648;
db.transaction(() => {
  for (let m = 0; m < minutes; m++) {
    const at = new Date(monthStart + m * 60_000 + 250).toISOString();
    for (let c = 0; c < serviceCount; c++) {
      const outage = m >= 1000 + c * 800 && m < 1004 + c * 800;
      const ok = !outage && random() > 0.002;
      const ms = Math.round(40 + random() * 120 + (random() < 0.01 ? 900 : 0));
      insert.run(checks[c], at, ok ? 1 : 0, ok ? 200 : null, ok ? ms : 7000, ok ? null : 'timeout', ok ? null : 'x');
    }
  }
})();
db.close();

const services = checks.map((id) => ({ id, name: `Service ${id}`, checks: [id] }));
const config = {
  checks: checks.map((name) => ({ name, url: `http://127.0.0.1:9/${name}`, service: name })),
  services,
};
fs.writeFileSync(path.join(dir, 'soloops.yaml'), JSON.stringify(config));
const env = { ...process.env, SOLOOPS_HOME: home, SOLOOPS_CONFIG: path.join(dir, 'soloops.yaml'), CI: '1' };
const counter =
  `const D=require(${JSON.stringify(path.join(repoRoot, 'node_modules', 'better-sqlite3'))});` +
  `const db=new D(${JSON.stringify(path.join(home, 'soloops.db'))},{readonly:true});` +
  `const names=${JSON.stringify(checks)};` +
  "const n=db.prepare(`SELECT count(*) n FROM check_results WHERE check_name IN (${names.map(()=>'?').join(',')})" +
  " AND at >= ? AND at < ?`).get(...names,'2026-11-01T00:00:00.000Z','2026-12-01T00:00:00.000Z').n;" +
  'if(!n)process.exit(1)';
const subject = ['node', [bin, '--json', 'incident', 'report', '--month', '2026-11'], { env }];
const results = (serviceCount * minutes).toLocaleString('en');
const label = `${serviceCount} services × 30 days of 1-minute checks (${results} results)`;

if (process.env.BENCH_FILL_ONLY) {
  console.log(`filled ${dir}`);
  process.exit(0);
}
const raw = sideBySide(subject, ['node', ['-e', counter], { env }], runs);
report(
  `soloops --json incident report, ${label}, raw results only, vs bare SQLite count of them`,
  {
    soloops: raw.subject,
    'bare count': raw.reference,
    ratio: raw.ratio,
  },
  '≤ 2000 ms',
);

const rolling = await openStore({ home });
const rollStarted = performance.now();
const days = await rolling.sla.rollUp(new Date('2026-12-01T00:00:00Z'), {});
const rollMs = performance.now() - rollStarted;
await rolling.close();
const rolled = sideBySide(subject, ['node', ['-e', counter], { env }], runs);
report(
  `soloops --json incident report, ${label}, after the daily roll-ups, vs the same bare count`,
  {
    soloops: rolled.subject,
    'bare count': rolled.reference,
    ratio: rolled.ratio,
    note: `(rolling up the ${days.length} days took ${Math.round(rollMs)} ms)`,
  },
  '≤ 2000 ms',
);
if (process.env.BENCH_KEEP) console.log(`kept ${dir}`);
else fs.rmSync(dir, { recursive: true, force: true });
