// Severity-model quality on the fixed split of the public alert rules (src/triage/corpus.ts
// `splitOf`: FNV-1a of the rule name mod 5 = 0 → test, ≈ 20 %): trained on the train part only,
// scored on the test part, side by side with a keyword rule and the majority class on the same
// rules. Bars (issue 3): critical recall ≥ 0.95 and non-critical kept from waking ≥ 0.80.
// Also times extractFeatures + predict per alert. Needs ../shared/corpus; skips with a reason.
// The TypeScript is bundled with esbuild (a tsup dependency) under node_modules/.cache, where
// the bundle's external packages (yaml) resolve.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const outDir = path.join(repoRoot, 'node_modules', '.cache', 'soloops-bench');
const entry = path.join(outDir, 'triage-quality-entry.ts');
fs.mkdirSync(outDir, { recursive: true });
fs.writeFileSync(
  entry,
  [
    `export * from ${JSON.stringify(path.join(repoRoot, 'src/triage/quality.ts'))};`,
    `export { findCorpusDir } from ${JSON.stringify(path.join(repoRoot, 'src/triage/corpus.ts'))};`,
    `export { extractFeatures } from ${JSON.stringify(path.join(repoRoot, 'src/triage/features.ts'))};`,
    `export { loadShippedModel } from ${JSON.stringify(path.join(repoRoot, 'src/triage/shipped.ts'))};`,
  ].join('\n'),
);
const outfile = path.join(outDir, 'triage-quality.mjs');
await build({
  entryPoints: [entry],
  bundle: true,
  platform: 'node',
  format: 'esm',
  packages: 'external',
  outfile,
  logLevel: 'warning',
});
const q = await import(pathToFileURL(outfile).href);

// Speed first, in a fresh process state: features + verdict per alert, on generated alerts.
const model = q.loadShippedModel();
const titles = [
  'Instance web-1 down',
  'High CPU usage on db-2 (92%)',
  'Backup completed successfully',
  'HTTP 503 on checkout: error rate 12%',
  'Disk will fill in 4 hours on /var',
];
const alerts = JSON.parse(
  JSON.stringify(
    Array.from({ length: 1000 }, (_, i) => ({
      id: String(i),
      source: 'generic',
      service: `svc-${i % 50}`,
      title: titles[i % 5],
      body: `Host node-${i % 97} reported ${i % 100}% at 03:${i % 60} UTC; see https://wiki/x/${i}`,
      labels: {},
      status: 'firing',
      severityHint: i % 3 ? null : 'warning',
      severityText: null,
      fingerprint: 'f',
      receivedAt: '',
      raw: null,
    })),
  ),
);
let best = Infinity;
let sink = 0;
for (let round = 0; round < 10; round++) {
  const started = performance.now();
  for (let i = 0; i < 100_000; i++) sink += model.predict(q.extractFeatures(alerts[i % 1000])).confidence;
  best = Math.min(best, performance.now() - started);
}
console.log(
  `triage model speed: extractFeatures + predict, 100k alerts in ${best.toFixed(0)} ms ` +
    `(${(best / 100).toFixed(2)} µs per alert, best of 10)${sink > 0 ? '' : ' '}`,
);

const corpusDir = q.findCorpusDir(repoRoot);
if (!corpusDir) {
  console.log('triage quality: skipped (../shared/corpus/alert-rules is absent; set SOLOOPS_CORPUS_DIR)');
} else {
  const pct = (v) => (v === null ? '–' : `${(v * 100).toFixed(1)} %`);
  const line = (name, s) =>
    `  ${name.padEnd(34)} critical recall ${pct(s.criticalRecall).padStart(7)} · ` +
    `non-critical kept from waking ${pct(s.nonCriticalKeptFromWaking).padStart(7)} · ` +
    `accuracy ${pct(s.accuracy).padStart(7)}`;
  const confusion = (s) =>
    ['critical', 'warning', 'info']
      .map((e) => `${e}→${['critical', 'warning', 'info'].map((p) => s.confusion[e][p]).join('/')}`)
      .join('  ');
  const shipped = q.evaluateOnCorpusSplit(corpusDir);
  const recall = q.evaluateOnCorpusSplit(corpusDir, { threshold: { rule: 'recall', target: 0.95 } });
  const keyword = q.keywordBaseline(corpusDir);
  const majority = q.majorityBaseline(corpusDir);
  console.log(
    `triage quality: public alert rules, train ${shipped.train} / test ${shipped.n} (bars: recall ≥ 95 %, kept ≥ 80 %)`,
  );
  console.log(line(`model, shipped (τ ${shipped.tuning.criticalThreshold.toFixed(2)})`, shipped));
  console.log(line(`model, recall rule (τ ${recall.tuning.criticalThreshold.toFixed(3)})`, recall));
  console.log(line('keyword rule (down|fail|error…)', keyword));
  console.log(line('majority class (warning)', majority));
  console.log(
    '  confusion, expected→predicted critical/warning/info: ' +
      `shipped ${confusion(shipped)} · keyword ${confusion(keyword)}`,
  );
  // Why the bars are out of reach: the ranking itself, at the best threshold picked on the test
  // part (an upper bound), with and without soloops's own seed lexicon, and the authors' agreement.
  const rank = (name, options) => {
    const r = q.rankingOnCorpusSplit(corpusDir, options);
    console.log(
      `  ${name.padEnd(34)} AUC ${r.auc.toFixed(3)} · ` +
        `kept from waking at 95 % recall, τ picked on the test part: ${pct(r.keptAt95Recall)}`,
    );
  };
  rank('ranking, shipped recipe', {});
  rank('ranking, corpus words only (no seeds)', { seedPhraseWeight: 0 });
  const agreement = q.authorAgreement(corpusDir);
  console.log(
    `  authors disagree on critical in ${agreement.disagree} of ${agreement.pairs} pairs ` +
      `of near-identical rules from different services (${pct(agreement.disagree / agreement.pairs)})`,
  );
}
