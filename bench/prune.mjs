// The daemon's daily retention pass on its worst day: 1,000 health checks probed every minute,
// one whole UTC day of results (1.44 M rows) to roll up and then delete, plus this morning's
// results, which stay. The pass runs in this process as the daemon runs it (store.maintenance
// rollUp, then prune, in steps with a yield between) while perf_hooks.monitorEventLoopDelay
// watches the event loop: the longest block is what a webhook arriving meanwhile would wait.
// Reference: the same delete as one statement (`DELETE … WHERE at < ?`, how the store pruned
// before) on a copy of the same database, whose whole duration blocks the loop. Budget: the
// longest block ≤ 50 ms.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { importSource, report } from './lib.mjs';

const checkCount = Number(process.env.BENCH_CHECKS ?? 1000);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'soloops-bench-prune-'));
const home = path.join(dir, 'home');
const Database = createRequire(import.meta.url)('better-sqlite3');
const { openStore } = await importSource('prune-store', 'src/store/index.ts');

const day = Date.parse('2026-11-30T00:00:00Z');
const now = new Date('2026-12-01T06:00:00Z');
const checks = Array.from({ length: checkCount }, (_, i) => `check-${String(i).padStart(4, '0')}`);
await (await openStore({ home })).close(); // creates the schema

// Straight through better-sqlite3: the store's one-row insert would take many minutes.
const file = path.join(home, 'soloops.db');
const db = new Database(file);
const insert = db.prepare(
  'INSERT INTO check_results (check_name, at, ok, status, ms, error_type, error) VALUES (?, ?, ?, ?, ?, ?, ?)',
);
let seed = 7;
const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648;
const fill = (from, minutes) =>
  db.transaction(() => {
    for (let m = 0; m < minutes; m++) {
      const at = new Date(from + m * 60_000 + 250).toISOString();
      for (const check of checks) {
        const ok = random() > 0.002;
        insert.run(
          check,
          at,
          ok ? 1 : 0,
          ok ? 200 : null,
          ok ? Math.round(30 + random() * 150) : 7000,
          ok ? null : 'timeout',
          ok ? null : 'x',
        );
      }
    }
  })();
fill(day, 1440);
fill(day + 86_400_000, 360);
db.pragma('wal_checkpoint(TRUNCATE)');
db.close();
const oldRows = checkCount * 1440;
fs.copyFileSync(file, path.join(dir, 'reference.db'));

// The pass, as the daemon runs it: roll-up first (the day must be rolled before its rows go).
const monitor = monitorEventLoopDelay({ resolution: 1 });
// durable: as `watch` opens it (synchronous = FULL, every commit synced).
const store = await openStore({ home, durable: true });
const thresholds = Object.fromEntries(checks.map((c) => [c, { failureThreshold: 3, successThreshold: 2 }]));
monitor.enable();
const started = performance.now();
const rollUp = await store.maintenance.rollUp(now, thresholds);
const rolledMs = performance.now() - started;
const pruneStarted = performance.now();
const pruned = await store.maintenance.prune({
  alerts: new Date(0),
  checkResults: new Date(day + 86_400_000),
  snapshots: new Date(0),
});
const prunedMs = performance.now() - pruneStarted;
monitor.disable();
await store.close();
if (rollUp.days.length !== 1 || pruned.rows.check_results !== oldRows)
  throw new Error(`expected 1 day rolled and ${oldRows} rows deleted, got ${JSON.stringify({ rollUp, pruned })}`);

// The reference: one DELETE statement over the same rows.
const reference = new Database(path.join(dir, 'reference.db'));
const referenceStarted = performance.now();
const { changes } = reference
  .prepare('DELETE FROM check_results WHERE at < ?')
  .run(new Date(day + 86_400_000).toISOString());
const referenceMs = performance.now() - referenceStarted;
reference.close();

const blockMs = monitor.max / 1e6;
report(
  `retention pass, ${checkCount.toLocaleString('en')} checks × 1 day of 1-minute results ` +
    `(${pruned.rows.check_results.toLocaleString('en')} rows deleted; ` +
    `${changes.toLocaleString('en')} by the reference)`,
  {
    'longest event-loop block': blockMs,
    'longest step': Math.max(rollUp.longestStepMs, pruned.longestStepMs),
    'one DELETE statement (reference)': referenceMs,
    note: `(wall time: roll-up ${Math.round(rolledMs)} ms, prune ${Math.round(prunedMs)} ms in ${pruned.steps} steps)`,
  },
  'longest block ≤ 50 ms',
);
if (process.env.BENCH_KEEP) console.log(`kept ${dir}`);
else fs.rmSync(dir, { recursive: true, force: true });
