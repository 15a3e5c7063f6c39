// The status page for 50 services × 90 days of 1-minute checks (6.5 M probe results): the store
// is filled through its own migrations and roll-ups (every whole day rolled into check_daily, as
// the daemon leaves it; today's results stay raw), then `soloops --json status build --out DIR`
// runs as a user runs it (a cold process), side by side with a bare Node process that only reads
// the same daily counts with better-sqlite3 and writes them as JSON. Budget ≤ 1 s.
// Also printed: the same build before any roll-up (every probe read raw), once.
// BENCH_SERVICES, BENCH_DAYS, BENCH_INTERVAL_S (default 60) and BENCH_RUNS change the load;
// BENCH_KEEP=1 keeps the data folder for a closer look.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { importSource, report, sideBySide, timeOnce } from './lib.mjs';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const bin = path.join(repoRoot, 'bin', 'soloops.js');
const services = Number(process.env.BENCH_SERVICES ?? 50);
const days = Number(process.env.BENCH_DAYS ?? 90);
const intervalS = Number(process.env.BENCH_INTERVAL_S ?? 60);
const runs = Number(process.env.BENCH_RUNS ?? 5);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'soloops-bench-status-'));
const home = path.join(dir, 'home');
const out = path.join(dir, 'site');
const DAY = 86_400_000;

// The store's TypeScript, bundled with esbuild (a tsup dependency): migrations, incidents, roll-ups.
const { openStore } = await importSource('status-store', 'src/store/index.ts');

const now = Date.now();
const first = now - (now % DAY) - (days - 1) * DAY;
const started = performance.now();
const store = await openStore({ home });
// A few incidents over the 90 days, two still open.
for (let n = 0; n < 24; n += 1) {
  const opened = await store.incidents.create(
    {
      title: `Elevated errors on service ${n % services} (${n})`,
      description: '',
      severity: n % 5 === 0 ? 'critical' : 'medium',
      priority: 'P2',
      priorityAuto: true,
      services: [`svc-${n % services}`],
      reporter: 'soloops watch',
      detection: '3 checks in a row failed',
    },
    new Date(now - (n * 4 + 1) * 3_600_000 * 24),
    'bench',
  );
  if (n >= 2)
    await store.incidents.updateStatus(
      opened.id,
      { status: 'resolved', note: 'Recovered.', author: 'bench' },
      new Date(now - (n * 4 + 1) * DAY + 5_400_000),
      () => {},
    );
}
await store.close();

// The probes themselves straight into check_results in one transaction: through recordCheckResult
// (one transaction per probe, as the daemon writes them over 90 days) this would take an hour.
const Database = createRequire(import.meta.url)('better-sqlite3');
const db = new Database(path.join(home, 'soloops.db'));
const insert = db.prepare(
  'INSERT INTO check_results (check_name, at, ok, status, ms, error_type, error) VALUES (?, ?, ?, ?, ?, ?, ?)',
);
let probes = 0;
db.transaction(() => {
  for (let at = first; at < now; at += intervalS * 1000) {
    const iso = new Date(at).toISOString();
    for (let s = 0; s < services; s += 1) {
      // About one probe in 700 fails, more on a few bad days.
      const bad = (Math.floor(at / DAY) + s) % 37 === 0 ? 40 : 700;
      const ok = (probes * 7919) % bad !== 0;
      insert.run(
        `check-${s}`,
        iso,
        ok ? 1 : 0,
        ok ? 200 : 503,
        60 + (probes % 90),
        ok ? null : 'http',
        ok ? null : 'HTTP 503',
      );
      probes += 1;
    }
  }
})();
db.close();
const filled = performance.now() - started;

fs.writeFileSync(
  path.join(dir, 'soloops.yaml'),
  [
    'services:',
    ...Array.from({ length: services }, (_, s) => `  - { id: svc-${s}, name: Service ${s}, checks: [check-${s}] }`),
    'checks:',
    ...Array.from(
      { length: services },
      (_, s) => `  - { name: check-${s}, url: "http://127.0.0.1:9/${s}", service: svc-${s} }`,
    ),
    '',
  ].join('\n'),
);
const env = { ...process.env, SOLOOPS_HOME: home, SOLOOPS_CONFIG: path.join(dir, 'soloops.yaml'), CI: '1' };
const subject = ['node', [bin, '--json', 'status', 'build', '--out', out], { env }];

timeOnce(...subject); // warm the file cache
const unrolled = timeOnce(...subject);

const rollStarted = performance.now();
const rolling = await openStore({ home });
const rolled = await rolling.sla.rollUp(new Date(now - (now % DAY)), {});
await rolling.close();
const rollMs = performance.now() - rollStarted;

// The reference reads what the page needs at the least cost: the roll-ups, and today's raw probes
// per check through the (check_name, at) index.
const reader =
  `const D=require(${JSON.stringify(path.join(repoRoot, 'node_modules', 'better-sqlite3'))});` +
  `const db=new D(${JSON.stringify(path.join(home, 'soloops.db'))},{readonly:true});` +
  `const from=${JSON.stringify(new Date(first).toISOString())};` +
  "const rows=db.prepare('SELECT check_name,day,total,ok FROM check_daily WHERE day>=?').all(from.slice(0,10));" +
  "const today=db.prepare('SELECT count(*) AS total,sum(ok) AS ok FROM check_results WHERE check_name=? AND at>=?');" +
  'const start=new Date(Date.now()-(Date.now()%864e5)).toISOString();' +
  `for(let s=0;s<${services};s++)` +
  "rows.push({check_name:'check-'+s,day:start.slice(0,10),...today.get('check-'+s,start)});" +
  `require('fs').writeFileSync(${JSON.stringify(path.join(dir, 'bare.json'))},JSON.stringify(rows));` +
  `if(rows.length<=${services})process.exit(1)`;
const result = sideBySide(subject, ['node', ['-e', reader], { env }], runs);

const page = fs.statSync(path.join(out, 'index.html')).size;
console.log(
  `filled ${probes.toLocaleString('en')} probe results (${services} checks × ${days} days every ${intervalS} s) ` +
    `in ${(filled / 1000).toFixed(1)} s; rolled ${rolled.length} whole days up in ${(rollMs / 1000).toFixed(1)} s; ` +
    `index.html ${Math.round(page / 1024)} KB`,
);
report(
  `soloops --json status build, ${services} services × ${days} days (days rolled up, today raw) ` +
    'vs bare SQLite read of the same daily counts',
  { soloops: result.subject, 'bare read': result.reference, ratio: result.ratio },
  '≤ 1000 ms',
);
report(`soloops --json status build before any roll-up (every probe read raw), once`, { soloops: unrolled });
if (process.env.BENCH_KEEP) console.log(`kept ${dir}`);
else fs.rmSync(dir, { recursive: true, force: true });
