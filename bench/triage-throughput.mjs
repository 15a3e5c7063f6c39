// 100k NDJSON alerts through `soloops --json triage --no-store`, side by side with a bare JSON.parse
// loop over the same file (parse-only.mjs, event-based readline; budget ≤ 3× and ≤ 3 s): small
// generic alerts (issue 15's figure), then the mix of four sources (alerts.mjs); the mix with the
// store on (≥ 20k alerts/s); and one alert through a cold `soloops triage` (budget ≤ 400 ms)
// beside `node -e 0`. Wall times; the machine's other load shows in both sides of a ratio.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeAlerts } from './alerts.mjs';
import { median, report, sideBySide, timeOnce } from './lib.mjs';

/** N small generic JSON alerts (title, message, service, two labels), each line different. */
function writeGenericAlerts(target, n) {
  const services = ['payments', 'api', 'worker', 'db-1', 'web', 'search', 'auth', 'billing'];
  const problems = ['is down', 'latency above 2s', 'disk 91% full', 'error rate 7%', 'backup finished'];
  const lines = Array.from({ length: n }, (_, i) => {
    const service = services[i % services.length];
    const title = `${service} ${problems[(i * 7) % problems.length]}`;
    return JSON.stringify({
      title,
      message: `check ${service} host-${i % 97}`,
      service,
      labels: { env: 'prod', n: `${i}` },
    });
  });
  fs.writeFileSync(target, `${lines.join('\n')}\n`);
  return fs.statSync(target).size;
}

const bin = fileURLToPath(new URL('../bin/soloops.js', import.meta.url));
const parseOnly = fileURLToPath(new URL('./parse-only.mjs', import.meta.url));
const count = Number(process.env.BENCH_ALERTS ?? 100_000);
const runs = Number(process.env.BENCH_RUNS ?? 3);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'soloops-bench-triage-'));
const file = path.join(dir, 'alerts.ndjson');
const bytes = writeAlerts(file, count);
const env = { ...process.env, SOLOOPS_HOME: path.join(dir, 'home'), CI: '1' };
const quiet = { env, stdio: ['ignore', 'ignore', 'ignore'] };

const genericFile = path.join(dir, 'generic.ndjson');
const genericBytes = writeGenericAlerts(genericFile, count);
for (const [kind, input, size] of [
  ['small generic', genericFile, genericBytes],
  ['mixed', file, bytes],
]) {
  const noStore = sideBySide(
    ['node', [bin, '--json', 'triage', '--no-store', input], quiet],
    ['node', [parseOnly, input], quiet],
    runs,
  );
  report(
    `soloops --json triage --no-store, ${count} ${kind} alerts (${(size / 1e6).toFixed(1)} MB) vs bare JSON.parse loop`,
    { soloops: noStore.subject, 'parse loop': noStore.reference, ratio: noStore.ratio },
    '≤ 3× and ≤ 3000 ms',
  );
}

const stored = [];
for (let i = 0; i < runs; i++) {
  fs.rmSync(env.SOLOOPS_HOME, { recursive: true, force: true });
  stored.push(timeOnce('node', [bin, '--json', 'triage', file], quiet));
}
const storedMs = median(stored);
report(
  `soloops --json triage (SQLite store on), ${count} alerts`,
  { wall: storedMs, note: ` · ${Math.round(count / (storedMs / 1000)).toLocaleString('en')} alerts/s` },
  '≥ 20,000 alerts/s',
);

const one = JSON.stringify({ title: 'payments API down', message: 'all requests fail', service: 'payments' });
const cold = sideBySide(
  ['node', [bin, 'triage'], { env, input: one, stdio: ['pipe', 'ignore', 'ignore'] }],
  ['node', ['-e', '0'], quiet],
  7,
);
report(
  'one alert through a cold `soloops triage` (store on) vs node -e 0',
  { soloops: cold.subject, 'node -e 0': cold.reference, ratio: cold.ratio },
  '≤ 400 ms',
);

spawnSync('rm', ['-rf', dir]);
