// `soloops snap --format json` wall time (budget ≤ 1 s), and side by side with glances when installed.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { median, report, sideBySide, timeOnce } from './lib.mjs';

const bin = fileURLToPath(new URL('../bin/soloops.js', import.meta.url));
const runs = Number(process.env.BENCH_RUNS ?? 7);
const home = fs.mkdtempSync(path.join(os.tmpdir(), 'soloops-bench-'));
const env = { ...process.env, SOLOOPS_HOME: home };
const snap = ['node', [bin, 'snap', '--format', 'json'], { env }];

const hasGlances = spawnSync('glances', ['--version'], { stdio: 'ignore' }).status === 0;
if (hasGlances) {
  const r = sideBySide(snap, ['glances', ['--stdout-json', 'cpu,mem', '--stop-after', '1']], Math.min(runs, 5));
  report(
    'soloops snap --format json vs glances --stdout-json cpu,mem --stop-after 1',
    { soloops: r.subject, glances: r.reference, ratio: r.ratio },
    '≤ 1000 ms and faster than glances',
  );
} else {
  timeOnce(...snap);
  const times = Array.from({ length: runs }, () => timeOnce(...snap));
  report(
    'soloops snap --format json',
    { median: median(times), note: ' (glances not installed: apt-get install glances for the side-by-side)' },
    '≤ 1000 ms',
  );
}
fs.rmSync(home, { recursive: true, force: true });
