/**
 * Builds the shipped severity model, src/triage/model.json, from the public alert-rule corpus.
 * Run from the repository root:
 *
 *   npm run build-model
 *
 * which is: npx esbuild scripts/build-model.ts --bundle --platform=node --format=esm
 *   --packages=external --outfile=node_modules/.cache/soloops/build-model.mjs
 *   && node node_modules/.cache/soloops/build-model.mjs [CORPUS_DIR]
 *
 * (the bundle goes under node_modules so that `yaml` resolves from it; bundling yaml into /tmp
 * instead fails, its CommonJS build calls require('process')). CORPUS_DIR defaults to
 * $SOLOOPS_CORPUS_DIR, else ../shared/corpus. It trains on that folder's awesome-prometheus-alerts
 * rules (read in place: CC BY 4.0, credited, not copied) and on the labelled definitions of other
 * ecosystems committed under src/triage/corpus/ (SOURCES.md). The output depends only on those,
 * the seeds and this recipe; its date comes from SOURCE_DATE_EPOCH when set, so builds can be
 * reproduced byte for byte. The file holds counts, never the corpus texts.
 */
import fs from 'node:fs';
import path from 'node:path';
import {
  CORPUS_COMMIT,
  CORPUS_FILE,
  CORPUS_LICENCE,
  CORPUS_SOURCE,
  corpusExample,
  findCorpusDir,
} from '../src/triage/corpus.js';
import { EXTRACTED_DIR, readAllCorpora } from '../src/triage/corpus/read.js';
import { FEEDBACK_WEIGHT } from '../src/triage/model.js';
import { SEED_PHRASE_WEIGHT } from '../src/triage/seeds.js';
import { trainSeverityModel } from '../src/triage/training.js';

const repoRoot = process.cwd();
const corpusDir = process.argv[2] ?? findCorpusDir(repoRoot);
if (!corpusDir || !fs.existsSync(path.join(corpusDir, CORPUS_FILE))) {
  console.error(`corpus not found (${corpusDir ?? '../shared/corpus'}): pass the folder holding ${CORPUS_FILE}`);
  process.exit(2);
}

const rules = readAllCorpora(repoRoot, corpusDir);
const started = performance.now();
const { model, tuning } = trainSeverityModel(rules.map(corpusExample));
const epoch = process.env.SOURCE_DATE_EPOCH;
const built = (epoch ? new Date(Number(epoch) * 1000) : new Date()).toISOString().slice(0, 10);
const counts = (of: typeof rules) =>
  Object.fromEntries(['critical', 'warning', 'info'].map((s) => [s, of.filter((r) => r.severity === s).length]));
const bySource = Object.fromEntries(
  [...new Set(rules.map((r) => r.source))].map((source) => {
    const of = rules.filter((r) => r.source === source);
    return [source, { ecosystem: of[0]!.ecosystem, rules: of.length, bySeverity: counts(of) }];
  }),
);

const shipped = model.with(
  {},
  {
    corpus: {
      source: CORPUS_SOURCE,
      commit: CORPUS_COMMIT,
      file: '_data/rules.yml',
      licence: CORPUS_LICENCE,
      rules: rules.length,
      bySeverity: counts(rules),
      others: `${EXTRACTED_DIR}/SOURCES.md`,
      bySource,
    },
    built,
    recipe:
      'naive Bayes: corpus words of the title and the body opening, with impact classes (multinomial, ' +
      'CV-tempered) + seed lexicon + structured fields (Bernoulli); training.ts, impact.ts',
    seedPhraseWeight: SEED_PHRASE_WEIGHT,
    feedbackWeight: FEEDBACK_WEIGHT,
    tuning,
  },
);
const out = path.join(repoRoot, 'src/triage/model.json');
fs.writeFileSync(out, `${JSON.stringify(shipped.toJSON())}\n`);
const ms = performance.now() - started;
console.error(
  `wrote ${path.relative(repoRoot, out)}: ${rules.length} rules, ${(fs.statSync(out).size / 1024).toFixed(0)} KB, ` +
    `τ ${tuning.criticalThreshold.toFixed(3)}, T ${tuning.temperature}, ${ms.toFixed(0)} ms`,
);
