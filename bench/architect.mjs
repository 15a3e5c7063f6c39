// `soloops architect` offline, the whole chain plus every file, as a cold process (budget ≤ 1.5 s),
// beside a bare `node -e 0` so the figure can be read on a noisy machine.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { report, sideBySide } from './lib.mjs';

const bin = fileURLToPath(new URL('../bin/soloops.js', import.meta.url));
const runs = Number(process.env.BENCH_RUNS ?? 5);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'soloops-bench-architect-'));
try {
  // Every feature a web service can ask for, so the Terraform and reports are as large as they get; and the
  // hybrid GPU design, whose SCALING.md and GPU payback re-run the chain the most.
  const specs = {
    'web, all features':
      'type: web\nusersMonth: 200000\nbudgetUsd: 500\nregion: eu-west-1\nfeatures: [db, cache, uploads, queue]\n',
    'ai, hybrid GPU':
      'type: ai\nusersMonth: 50000\nbudgetUsd: 300\nregion: us-east-1\nfeatures: [gpu, db, queue, uploads]\n',
  };
  for (const [name, text] of Object.entries(specs)) {
    const spec = path.join(dir, 'service.yaml');
    fs.writeFileSync(spec, text);
    const out = path.join(dir, 'infra');
    const args = [bin, 'architect', spec, '--out', out, '--force'];
    const r = sideBySide(['node', args], ['node', ['-e', '0']], runs);
    const files = fs.readdirSync(out, { recursive: true }).filter((f) => fs.statSync(path.join(out, f)).isFile());
    report(
      `soloops architect ${name} (offline, ${files.length} files) vs node -e 0`,
      { architect: r.subject, 'node -e 0': r.reference, ratio: r.ratio },
      '≤ 1.5 s',
    );
  }
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
