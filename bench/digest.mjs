// The morning digest over a busy week: 10,000 alerts across 7 nights (about 1,430 a night, 40
// alert types in 8 services, a few critical) written through the store's own grouping, then
// `soloops --json digest` for the last night as a user runs it (a cold process), side by side
// with a bare Node process that only reads that night's rows with better-sqlite3. Budget ≤ 1 s.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { importSource, report, sideBySide } from './lib.mjs';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const bin = path.join(repoRoot, 'bin', 'soloops.js');
const total = Number(process.env.BENCH_ALERTS ?? 10_000);
const runs = Number(process.env.BENCH_RUNS ?? 5);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'soloops-bench-digest-'));
const home = path.join(dir, 'home');

// The store's TypeScript, bundled with esbuild (a tsup dependency) to fill the database.
const { openStore } = await importSource('digest-store', 'src/store/index.ts');

const services = ['payments', 'api', 'worker', 'search', 'auth', 'billing', 'cron', 'web'];
const kinds = ['latency above 2s', 'error rate 7%', 'disk 91% full', 'queue lag 1200', 'memory 88%'];
const nightEnd = new Date('2026-11-22T23:00:00Z'); // 08:00 in Seoul
const store = await openStore({ home });
const perNight = Math.ceil(total / 7);
let written = 0;
for (let night = 6; night >= 0 && written < total; night--) {
  const start = nightEnd.getTime() - night * 86_400_000 - 9 * 3600_000;
  const items = [];
  for (let i = 0; i < perNight && written < total; i++, written++) {
    const service = services[i % services.length];
    const kind = kinds[(i * 7) % kinds.length];
    const at = new Date(start + Math.floor((i / perNight) * 9 * 3600_000));
    const alert = {
      id: randomUUID(),
      source: 'generic',
      service,
      title: `${service} ${kind}`,
      body: `host web-${i % 13}: ${kind} at ${at.toISOString()}`,
      labels: { host: `web-${i % 13}`, env: 'prod' },
      status: 'firing',
      severityHint: null,
      severityText: null,
      fingerprint: `${service}|${kind}`,
      receivedAt: at.toISOString(),
      raw: { title: `${service} ${kind}`, url: `https://grafana.example/d/${i % 40}` },
    };
    const severity = service === 'payments' && kind.startsWith('error') ? 'critical' : 'warning';
    items.push({
      result: { alert, severity, confidence: 0.9, classifier: 'model', reason: 'model' },
      groupKey: alert.fingerprint,
      at,
    });
  }
  for (let i = 0; i < items.length; i += 500) {
    const batch = items.slice(i, i + 500);
    await store.watch.enqueue(batch.map((b) => b.result.alert));
    await store.watch.commitGrouped(batch, { now: batch.at(-1).at, staleAfterMs: 3_600_000 });
  }
}
await store.close();
fs.writeFileSync(path.join(dir, 'soloops.yaml'), 'timezone: Asia/Seoul\n');
const env = { ...process.env, SOLOOPS_HOME: home, SOLOOPS_CONFIG: path.join(dir, 'soloops.yaml'), CI: '1' };
const from = new Date(nightEnd.getTime() - 9 * 3600_000).toISOString();
const to = nightEnd.toISOString();
const reader =
  `const D=require(${JSON.stringify(path.join(repoRoot, 'node_modules', 'better-sqlite3'))});` +
  `const db=new D(${JSON.stringify(path.join(home, 'soloops.db'))},{readonly:true});` +
  "const rows=db.prepare('SELECT * FROM alerts WHERE received_at >= ? AND received_at < ?')" +
  `.all(${JSON.stringify(from)},${JSON.stringify(to)});` +
  'for(const r of rows){JSON.parse(r.labels);JSON.parse(r.raw)}if(!rows.length)process.exit(1)';
const result = sideBySide(
  ['node', [bin, '--json', 'digest', '--from', from, '--to', to], { env }],
  ['node', ['-e', reader], { env }],
  runs,
);
report(
  `soloops --json digest, last of 7 nights (${total.toLocaleString('en')} alerts in the store, ` +
    `${perNight.toLocaleString('en')} that night) vs bare SQLite read of that night`,
  { soloops: result.subject, 'bare read': result.reference, ratio: result.ratio },
  '≤ 1000 ms',
);
fs.rmSync(dir, { recursive: true, force: true });
