// How the person's corrections teach triage (issue 15), on labelled alert rules from several
// ecosystems (the shared awesome-prometheus-alerts read in place, plus src/triage/corpus), each
// ecosystem in turn playing "another author's alerts" for a model trained on all the others:
//  1. taught 10 %: teach 10 % of the ecosystem's rules (`triage teach`: a verdict per type, then
//     one retrain), score the other 90 %, against no teaching;
//  2. a month of nights: alert types repeat with Zipf-like frequencies (seeded, deterministic);
//     the person corrects a type the first time it is wrong (`triage feedback`: the type holds,
//     the model retrains); second half's critical recall and kept quiet, and how many corrections
//     it took, with and without the retraining (types only).
// Needs ../shared/corpus; skips with a reason. Bundled with esbuild like bench/triage-quality.mjs.
// Knobs, for trying other weights: TUNING='{"weight":15,"quietWeight":15,"maxPerFeature":3}' (see
// app/triage/feedback.ts FeedbackTuning) and TYPES=100 (alert types a person has, per ecosystem).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const outDir = path.join(repoRoot, 'node_modules', '.cache', 'soloops-bench');
const entry = path.join(outDir, 'triage-learning-entry.ts');
const src = (file) => JSON.stringify(path.join(repoRoot, 'src', file));
fs.mkdirSync(outDir, { recursive: true });
fs.writeFileSync(
  entry,
  [
    `export { corpusExample, findCorpusDir, stableHash } from ${src('triage/corpus.ts')};`,
    `export { readAllCorpora } from ${src('triage/corpus/read.ts')};`,
    `export { ecosystemsOf } from ${src('triage/quality.ts')};`,
    `export { trainSeverityModel } from ${src('triage/training.ts')};`,
    `export { classifyLocally } from ${src('triage/classify.ts')};`,
    `export { Corrections, typeOf } from ${src('triage/corrections.ts')};`,
    `export { scoreVerdicts } from ${src('triage/score.ts')};`,
    `export { modelWithFeedback } from ${src('app/triage/feedback.ts')};`,
  ].join('\n'),
);
const outfile = path.join(outDir, 'triage-learning.mjs');
await build({ entryPoints: [entry], bundle: true, platform: 'node', format: 'esm', packages: 'external', outfile });
const q = await import(pathToFileURL(outfile).href);

const corpusDir = q.findCorpusDir(repoRoot);
if (!corpusDir) {
  console.log('triage learning: skipped (../shared/corpus/alert-rules is absent; set SOLOOPS_CORPUS_DIR)');
  process.exit(0);
}
const started = performance.now();
const rules = q.readAllCorpora(repoRoot, corpusDir);
const pct = (v) => (v === null ? '–' : `${(v * 100).toFixed(1)} %`);
const figures = (s) =>
  `critical recall ${pct(s.criticalRecall).padStart(7)} · kept quiet ${pct(s.nonCriticalKeptFromWaking).padStart(7)}`;
const classify = (alert, corrections, model) =>
  q.classifyLocally(alert, { rules: [], corrections, severityMap: {}, model }).severity;
const correctionOf = (alert, severity, at) => ({
  type: q.typeOf(alert),
  fingerprint: alert.fingerprint,
  severity,
  at,
  alertId: alert.id,
  title: alert.title,
});

/** mulberry32: a small seeded PRNG, so every run draws the same stream. */
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ecosystems = q.ecosystemsOf(rules);
const taughtPairs = { none: [], taught: [] };
const stream = { product: { pairs: [], corrections: 0, types: 0 }, typesOnly: { pairs: [], corrections: 0, types: 0 } };
const NIGHTS = 30;
const PER_NIGHT = 60;
const ZIPF = 1.1;
const lines = [];
const tuning = process.env.TUNING ? JSON.parse(process.env.TUNING) : {};
const TYPES = Number(process.env.TYPES ?? 100);
for (const ecosystem of ecosystems) {
  const own = rules.filter((r) => r.ecosystem === ecosystem);
  if (own.length < 20) continue;
  const { model: base } = q.trainSeverityModel(rules.filter((r) => r.ecosystem !== ecosystem).map(q.corpusExample));
  const examples = own
    .map((rule) => q.corpusExample({ ...rule, name: rule.name }))
    .sort((a, b) => q.stableHash(`10%:${a.rule.name}`) - q.stableHash(`10%:${b.rule.name}`));

  // 1. Teach 10 %, score the other 90 %.
  const cut = Math.round(examples.length / 10);
  const taught = examples.slice(0, cut);
  const scored = examples.slice(cut);
  const corrections = new q.Corrections(taught.map((e) => correctionOf(e.alert, e.severity, '2026-11-01T00:00:00Z')));
  const retrained = q.modelWithFeedback(
    taught.map((e) => ({ alert: e.alert, severity: e.severity })),
    base,
    tuning,
  );
  const none = scored.map((e) => ({ expected: e.severity, predicted: classify(e.alert, q.Corrections.none, base) }));
  const with10 = scored.map((e) => ({ expected: e.severity, predicted: classify(e.alert, corrections, retrained) }));
  taughtPairs.none.push(...none);
  taughtPairs.taught.push(...with10);

  // 2. A month of nights: types drawn with Zipf-like frequencies over a seeded order of the rules.
  const random = prng(q.stableHash(ecosystem));
  const order = [...examples];
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  order.length = Math.min(order.length, TYPES);
  const weights = order.map((_, rank) => 1 / (rank + 1) ** ZIPF);
  const total = weights.reduce((a, b) => a + b, 0);
  const draw = () => {
    let x = random() * total;
    for (let i = 0; i < weights.length; i++) if ((x -= weights[i]) <= 0) return order[i];
    return order[order.length - 1];
  };
  const nights = [];
  for (let night = 0; night < NIGHTS; night++) {
    const alerts = [];
    for (let i = 0; i < PER_NIGHT; i++) {
      const e = draw();
      const host = `node-${Math.floor(random() * 40)}`;
      const id = `${(night * PER_NIGHT + i).toString(16).padStart(8, '0')}-0000-4000-8000-000000000000`;
      const alert = {
        ...e.alert,
        id,
        labels: { ...e.alert.labels, instance: host },
        body: `${e.alert.body} (value ${Math.floor(random() * 1000)} on ${host})`,
        fingerprint: `${e.rule.name}@${host}`,
        receivedAt: new Date(Date.UTC(2026, 10, 1 + night, 2)).toISOString(),
      };
      alerts.push({ alert, expected: e.severity });
    }
    nights.push(alerts);
  }
  for (const [mode, retrain] of [
    ['product', true],
    ['typesOnly', false],
  ]) {
    const list = [];
    const learned = [];
    const corrected = new Set();
    const seen = new Set();
    let model = base;
    let found = q.Corrections.none;
    nights.forEach((alerts, night) => {
      for (const { alert, expected } of alerts) {
        const predicted = classify(alert, found, model);
        seen.add(q.typeOf(alert));
        if (night >= NIGHTS / 2) stream[mode].pairs.push({ expected, predicted });
        if (predicted === expected || corrected.has(q.typeOf(alert))) continue;
        corrected.add(q.typeOf(alert));
        list.push(correctionOf(alert, expected, alert.receivedAt));
        learned.push({ alert, severity: expected });
        found = new q.Corrections(list);
        if (retrain) model = q.modelWithFeedback(learned, base, tuning);
      }
    });
    stream[mode].corrections += corrected.size;
    stream[mode].types += seen.size;
    if (mode === 'product')
      lines.push(
        `  ${ecosystem.padEnd(20)} ${String(own.length).padStart(4)} rules · taught 10 %: ` +
          `${figures(q.scoreVerdicts(with10))} (untaught ${figures(q.scoreVerdicts(none))}) · ` +
          `month: ${corrected.size} corrections of ${seen.size} types`,
      );
  }
}

console.log(
  `triage learning: each ecosystem scored by a model trained on the others (${ecosystems.length} ecosystems)`,
);
for (const line of lines) console.log(line);
const none = q.scoreVerdicts(taughtPairs.none);
const taught = q.scoreVerdicts(taughtPairs.taught);
console.log(`  taught 10 %, the other 90 % scored (n ${taught.n}): ${figures(taught)}`);
console.log(`  no teaching, the same 90 %          (n ${none.n}): ${figures(none)}`);
for (const [mode, name] of [
  ['product', 'types + retraining (product)'],
  ['typesOnly', 'types only, no retraining'],
]) {
  const s = q.scoreVerdicts(stream[mode].pairs);
  const { corrections, types } = stream[mode];
  console.log(
    `  month of nights (${NIGHTS} × ${PER_NIGHT} alerts, Zipf ${ZIPF}), ${name.padEnd(28)}: second half ` +
      `${figures(s)} (bars 99 % / 98 %) · ${corrections} corrections of ${types} types (${pct(corrections / types)})`,
  );
}

// 3. `triage teach` of 10,000 labelled lines through the built CLI (run `npx tsup` first): the
// corpus rules as Alertmanager, generic JSON and text lines, with hosts and figures, into a fresh
// data folder; the median of three runs.
const { default: os } = await import('node:os');
const { timeOnce, median } = await import('./lib.mjs');
const bin = path.join(repoRoot, 'bin', 'soloops.js');
if (!fs.existsSync(path.join(repoRoot, 'dist'))) {
  console.log('  triage teach: skipped (no dist/: run npx tsup)');
} else {
  const random = prng(10_000);
  const shapes = [
    (e, host) => ({
      version: '4',
      status: 'firing',
      alerts: [
        {
          status: 'firing',
          labels: { alertname: e.alert.labels.alertname, instance: host },
          annotations: { summary: e.rule.name, description: e.alert.body },
        },
      ],
    }),
    (e, host) => ({ title: e.rule.name, message: e.alert.body, service: host.replace(/-\d+$/, '') }),
    (e, host) => `${host} ${e.rule.name}: ${e.alert.body.slice(0, 80)}`,
  ];
  const rows = Array.from({ length: 10_000 }, (_, i) => {
    const e = q.corpusExample(rules[Math.floor(random() * rules.length)]);
    const host = `node-${Math.floor(random() * 50)}`;
    return JSON.stringify({ expected: e.severity, alert: shapes[i % 3](e, host) });
  });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'soloops-teach-'));
  const file = path.join(dir, 'teach.ndjson');
  fs.writeFileSync(file, rows.join('\n'));
  const runs = [0, 1, 2].map((i) =>
    timeOnce('node', [bin, '--json', 'triage', 'teach', file], {
      env: { ...process.env, SOLOOPS_HOME: path.join(dir, `home-${i}`) },
    }),
  );
  fs.rmSync(dir, { recursive: true, force: true });
  console.log(
    `  triage teach, 10,000 labelled lines into a fresh SQLite store: ${median(runs).toFixed(0)} ms ` +
      '(median of 3; budget 5,000 ms)',
  );
}
console.log(`  (${((performance.now() - started) / 1000).toFixed(1)} s in all)`);
