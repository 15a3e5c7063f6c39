import type { Severity } from '../core/alert.js';
import { corpusExample, type CorpusExample, type CorpusRule, splitCorpus, stableHash } from './corpus.js';
import { extractFeatures, words } from './features.js';
import type { SeverityModel } from './model.js';
import { scoreVerdicts, type Score } from './score.js';
import { trainSeverityModel, type RecipeOptions, type Tuning } from './training.js';

/** The model's figures on the test part of the fixed split, and how it was tuned. */
export interface SplitQuality extends Score {
  /** Rules trained on (the train part); `n` is the rules scored (the test part). */
  train: number;
  tuning: Tuning;
}

/**
 * Trains exactly as build-model.ts does (or with `options`, e.g. another threshold rule), but on
 * the train part of the fixed split only (corpus.ts `splitOf`), and scores the test part, which
 * neither training nor tuning saw; with `scored`, only the test rules of that ecosystem.
 */
export function evaluateOnCorpusSplit(
  rules: CorpusRule[],
  options: Partial<RecipeOptions> = {},
  scored?: string,
): SplitQuality {
  const { train, test } = splitCorpus(rules);
  const { model, tuning } = trainSeverityModel(train, options);
  const score = scoreVerdicts(
    test
      .filter((e) => scored === undefined || e.rule.ecosystem === scored)
      .map((e) => ({ expected: e.severity, predicted: model.predict(extractFeatures(e.alert)).severity })),
  );
  return { ...score, train: train.length, tuning };
}

// The reference a reader would write in five minutes: alarming words wake, everything else waits.
const ALARMING = /\b(down|unavailable|unreachable|fail\w*|error\w*|crash\w*|missing|dead|lost|outage|full|critical)\b/i;

/** A keyword rule scored on the same test part: the side-by-side reference for the bench. */
export function keywordBaseline(rules: CorpusRule[]): Score {
  const { test } = splitCorpus(rules);
  return scoreVerdicts(test.map((e) => ({ expected: e.severity, predicted: keywordVerdict(e) })));
}

/** Every test rule called the train part's majority class: what "no model" scores. */
export function majorityBaseline(rules: CorpusRule[]): Score {
  const { train, test } = splitCorpus(rules);
  const tally = new Map<Severity, number>();
  for (const e of train) tally.set(e.severity, (tally.get(e.severity) ?? 0) + 1);
  const majority = [...tally].sort((a, b) => b[1] - a[1])[0]![0];
  return scoreVerdicts(test.map((e) => ({ expected: e.severity, predicted: majority })));
}

function keywordVerdict(e: CorpusExample): Severity {
  return ALARMING.test(`${e.alert.title} ${e.alert.body}`) ? 'critical' : 'warning';
}

/**
 * How well the model ranks the test part, whatever the threshold: the AUC of P(critical)
 * (critical vs not), and the share of non-critical rules kept from waking at the best threshold
 * that still reaches 95 % critical recall, chosen by looking at the test part itself: an upper
 * bound no shipped threshold can beat.
 */
export function rankingOnCorpusSplit(
  rules: CorpusRule[],
  options: Partial<RecipeOptions> = {},
): { auc: number; keptAt95Recall: number } {
  const { train, test } = splitCorpus(rules);
  const { model } = trainSeverityModel(train, options);
  const { auc, positives, negatives } = ranking(model, test);
  const threshold = positives[Math.floor(0.05 * positives.length)]!;
  return { auc, keptAt95Recall: negatives.filter((n) => n < threshold).length / negatives.length };
}

/** ROC AUC of P(critical) for critical vs not, with the sorted scores of each side. */
export function ranking(
  model: SeverityModel,
  examples: CorpusExample[],
): { auc: number; positives: number[]; negatives: number[] } {
  const positives: number[] = [];
  const negatives: number[] = [];
  for (const e of examples) {
    const p = model.probabilities(extractFeatures(e.alert))[0]!;
    (e.severity === 'critical' ? positives : negatives).push(p);
  }
  positives.sort((a, b) => a - b);
  negatives.sort((a, b) => a - b);
  // Mann–Whitney: each positive beats the negatives below it and ties with the equal ones (a half).
  let wins = 0;
  for (const p of positives) {
    const below = firstAtLeast(negatives, p);
    wins += below + (firstAbove(negatives, p) - below) / 2;
  }
  return {
    auc: positives.length && negatives.length ? wins / (positives.length * negatives.length) : NaN,
    positives,
    negatives,
  };
}

function firstAtLeast(sorted: number[], value: number): number {
  let [lo, hi] = [0, sorted.length];
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function firstAbove(sorted: number[], value: number): number {
  let [lo, hi] = [0, sorted.length];
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! <= value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Figures on one held-out ecosystem: the ranking (AUC) and the verdicts at the model's own threshold. */
export interface HeldOut {
  ecosystem: string;
  n: number;
  critical: number;
  auc: number;
  criticalRecall: number | null;
  nonCriticalKeptFromWaking: number | null;
  threshold: number;
}

/** Scores a trained model on one ecosystem's rules. */
export function scoreHeldOut(model: SeverityModel, ecosystem: string, rules: CorpusRule[]): HeldOut {
  const examples = rules.map(corpusExample);
  const score = scoreVerdicts(
    examples.map((e) => ({ expected: e.severity, predicted: model.predict(extractFeatures(e.alert)).severity })),
  );
  return {
    ecosystem,
    n: score.n,
    critical: examples.filter((e) => e.severity === 'critical').length,
    auc: ranking(model, examples).auc,
    criticalRecall: score.criticalRecall,
    nonCriticalKeptFromWaking: score.nonCriticalKeptFromWaking,
    threshold: model.settings.criticalThreshold,
  };
}

/**
 * Leave one ecosystem out: for each ecosystem, the recipe trains (and tunes) on every other one
 * and is scored on the one left out, which neither training nor tuning saw.
 */
export function leaveOneEcosystemOut(rules: CorpusRule[], options: Partial<RecipeOptions> = {}): HeldOut[] {
  return ecosystemsOf(rules).map((ecosystem) => {
    const { model } = trainSeverityModel(rules.filter((r) => r.ecosystem !== ecosystem).map(corpusExample), options);
    return scoreHeldOut(
      model,
      ecosystem,
      rules.filter((r) => r.ecosystem === ecosystem),
    );
  });
}

/**
 * The recipe trained on one ecosystem alone and scored on each of the others (the model as it
 * was before the other ecosystems were gathered: awesome-prometheus-alerts only, no pruning).
 */
export function trainedOnOne(
  rules: CorpusRule[],
  ecosystem: string,
  options: Partial<RecipeOptions> = { minFeatureRules: 1 },
): HeldOut[] {
  const { model } = trainSeverityModel(rules.filter((r) => r.ecosystem === ecosystem).map(corpusExample), options);
  return ecosystemsOf(rules)
    .filter((e) => e !== ecosystem)
    .map((e) =>
      scoreHeldOut(
        model,
        e,
        rules.filter((r) => r.ecosystem === e),
      ),
    );
}

/**
 * What the recipe reaches on an ecosystem it has seen: 5 folds by a hash of the rule name, each
 * trained on every other ecosystem and on the other four folds of this one; the mean AUC over the
 * folds. Not a target: the ceiling the held-out figures are read against.
 */
export function withinEcosystemAuc(rules: CorpusRule[], ecosystem: string, folds = 5): number {
  let sum = 0;
  for (let f = 0; f < folds; f++) {
    const inFold = (r: CorpusRule) => r.ecosystem === ecosystem && (stableHash(r.name) >>> 8) % folds === f;
    const { model } = trainSeverityModel(rules.filter((r) => !inFold(r)).map(corpusExample));
    sum += ranking(model, rules.filter(inFold).map(corpusExample)).auc;
  }
  return sum / folds;
}

/** The ecosystems in order of first appearance. */
export function ecosystemsOf(rules: CorpusRule[]): string[] {
  return [...new Set(rules.map((r) => r.ecosystem))];
}

/**
 * How much the corpus's authors agree with each other: pairs of rules from different services
 * whose names share at least `overlap` of their words (Jaccard, the service's own name and
 * numbers left out), and the share of those pairs where one author said critical and the other
 * did not. Disagreement between authors on near-identical alerts caps any classifier's figures.
 */
export function authorAgreement(rules: CorpusRule[], overlap = 0.6): { pairs: number; disagree: number } {
  const nameWords = rules.map((r) => {
    const own = new Set(words(r.service));
    return new Set(words(r.name).filter((w) => !own.has(w)));
  });
  let pairs = 0;
  let disagree = 0;
  for (let i = 0; i < rules.length; i++) {
    if (nameWords[i]!.size < 2) continue;
    for (let j = i + 1; j < rules.length; j++) {
      if (rules[i]!.service === rules[j]!.service || jaccard(nameWords[i]!, nameWords[j]!) < overlap) continue;
      pairs++;
      if ((rules[i]!.severity === 'critical') !== (rules[j]!.severity === 'critical')) disagree++;
    }
  }
  return { pairs, disagree };
}

function jaccard(a: Set<string>, b: Set<string>): number {
  let shared = 0;
  for (const w of a) if (b.has(w)) shared++;
  return shared / (a.size + b.size - shared || 1);
}
