// One long line with no newline (8, 16 and 50 MB) through `soloops --json triage --no-store`, the
// path that hands long inputs to worker threads, side by side with a bare Node process that only
// reads the file and JSON.parses it. Before the block splitter kept a long line's chunks in a list,
// it rescanned the carried text on every 64 KB chunk: 50 MB took over 30 s.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { report, sideBySide } from './lib.mjs';

const bin = fileURLToPath(new URL('../bin/soloops.js', import.meta.url));
const sizes = (process.env.BENCH_LONG_LINE_MB ?? '8,16,50').split(',').map(Number);
const runs = Number(process.env.BENCH_RUNS ?? 3);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'soloops-bench-long-line-'));
const env = { ...process.env, SOLOOPS_HOME: path.join(dir, 'home'), CI: '1' };
const quiet = { env, stdio: ['ignore', 'ignore', 'ignore'] };
const parseLine = 'JSON.parse(require("node:fs").readFileSync(process.argv[1], "utf8"))';

try {
  for (const mb of sizes) {
    const file = path.join(dir, `line-${mb}mb.json`);
    const head = '{"title":"payments API down","service":"payments","body":"';
    fs.writeFileSync(file, `${head}${'x'.repeat(mb * 1e6 - head.length - 2)}"}`);
    const r = sideBySide(
      ['node', [bin, '--json', 'triage', '--no-store', file], quiet],
      ['node', ['-e', parseLine, file], quiet],
      runs,
    );
    report(`soloops --json triage --no-store, one ${mb} MB line without a newline vs bare JSON.parse of it`, {
      soloops: r.subject,
      'JSON.parse': r.reference,
      ratio: r.ratio,
    });
    fs.rmSync(file);
  }
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
