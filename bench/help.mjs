// `soloops --help` and `--version` against a bare `node -e 0`, side by side (budget ≤ 2×).
import { fileURLToPath } from 'node:url';
import { report, sideBySide } from './lib.mjs';

const bin = fileURLToPath(new URL('../bin/soloops.js', import.meta.url));
const runs = Number(process.env.BENCH_RUNS ?? 20);
for (const flag of ['--help', '--version']) {
  const r = sideBySide(['node', [bin, flag]], ['node', ['-e', '0']], runs);
  report(`soloops ${flag} vs node -e 0`, { soloops: r.subject, 'node -e 0': r.reference, ratio: r.ratio }, '≤ 2×');
}
