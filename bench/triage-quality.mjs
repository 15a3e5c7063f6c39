// Severity-model quality. (1) Leave one ecosystem out (issue 15): for each ecosystem of the
// training corpus (the shared awesome-prometheus-alerts rules and src/triage/corpus/*.ndjson,
// SOURCES.md), the recipe trains and tunes on all the others and is scored on the one left out:
// ROC AUC of P(critical), critical recall and non-critical kept from waking at the threshold it
// ships with; beside "before", the recipe trained on awesome-prometheus-alerts alone (today's
// model). Targets: AUC ≥ 0.80, recall ≥ 0.90 with ≥ 0.50 kept, on every held-out ecosystem.
// (2) The fixed split of the awesome-prometheus-alerts rules (src/triage/corpus.ts `splitOf`:
// FNV-1a of the rule name mod 5 = 0 → test, ≈ 20 %): trained on the train part of every ecosystem,
// scored on awesome's test part, side by side with a keyword rule and the majority class.
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
    `export { findCorpusDir, AWESOME_ECOSYSTEM } from ${JSON.stringify(path.join(repoRoot, 'src/triage/corpus.ts'))};`,
    `export { readAllCorpora } from ${JSON.stringify(path.join(repoRoot, 'src/triage/corpus/read.ts'))};`,
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
  const rules = q.readAllCorpora(repoRoot, corpusDir);
  const awesome = q.AWESOME_ECOSYSTEM;
  const awesomeOnly = rules.filter((r) => r.ecosystem === awesome);
  // (1) Leave one ecosystem out, and "before": today's recipe on awesome-prometheus-alerts alone.
  const before = new Map(q.trainedOnOne(rules, awesome).map((h) => [h.ecosystem, h]));
  const ownSplit = q.evaluateOnCorpusSplit(awesomeOnly, { minFeatureRules: 1 });
  const ownRank = q.rankingOnCorpusSplit(awesomeOnly, { minFeatureRules: 1 });
  before.set(awesome, { ...ownSplit, auc: ownRank.auc, ecosystem: `${awesome} (its test split)` });
  const after = q.leaveOneEcosystemOut(rules);
  const f = (v) => (v === null || Number.isNaN(v) ? '   –' : v.toFixed(2));
  const cell = (h) => `${f(h.auc)}  ${f(h.criticalRecall)}  ${f(h.nonCriticalKeptFromWaking)}`;
  console.log(
    `triage quality, leave one ecosystem out (${rules.length} rules; targets AUC ≥ 0.80, recall ≥ 0.90, ` +
      'kept ≥ 0.50):',
  );
  console.log(
    `  ${'held-out ecosystem'.padEnd(20)} ${'rules'.padStart(5)} ${'crit'.padStart(5)}   ` +
      'before: AUC  recall kept   after: AUC  recall kept',
  );
  for (const h of after) {
    const b = before.get(h.ecosystem);
    console.log(
      `  ${h.ecosystem.padEnd(20)} ${String(h.n).padStart(5)} ${String(h.critical).padStart(5)}   ` +
        `        ${cell(b)}          ${cell(h)}`,
    );
  }
  console.log(
    `  before: the recipe and seeds trained on ${awesome} alone (${awesome} itself: its test split); ` +
      `after: trained on every other ecosystem; τ ${after[0].threshold.toFixed(2)} (cost rule)`,
  );
  // The ceiling to read those against: the same recipe on ecosystems it has seen (5 folds each).
  const within = after.map((h) => `${h.ecosystem} ${q.withinEcosystemAuc(rules, h.ecosystem).toFixed(2)}`);
  console.log(`  AUC when the ecosystem's other rules are trained on too (5 folds): ${within.join(', ')}`);

  // (2) The fixed split of awesome-prometheus-alerts, as before, now trained on every ecosystem.
  const shipped = q.evaluateOnCorpusSplit(rules, {}, awesome);
  const recall = q.evaluateOnCorpusSplit(rules, { threshold: { rule: 'recall', target: 0.95 } }, awesome);
  const keyword = q.keywordBaseline(awesomeOnly);
  const majority = q.majorityBaseline(awesomeOnly);
  console.log(
    `triage quality: ${awesome} test split (${shipped.n} rules), trained on the train part of every ` +
      `ecosystem (${shipped.train}) (bars: recall ≥ 95 %, kept ≥ 80 %)`,
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
    const r = q.rankingOnCorpusSplit(awesomeOnly, options);
    console.log(
      `  ${name.padEnd(34)} AUC ${r.auc.toFixed(3)} · ` +
        `kept from waking at 95 % recall, τ picked on the test part: ${pct(r.keptAt95Recall)}`,
    );
  };
  rank('ranking, awesome alone, shipped recipe', {});
  rank('ranking, awesome alone, no seeds', { seedPhraseWeight: 0 });
  const agreement = q.authorAgreement(awesomeOnly);
  console.log(
    `  authors disagree on critical in ${agreement.disagree} of ${agreement.pairs} pairs ` +
      `of near-identical rules from different services (${pct(agreement.disagree / agreement.pairs)})`,
  );
}
