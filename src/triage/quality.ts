import type { Severity } from '../core/alert.js';
import { readCorpus, splitCorpus, type CorpusExample } from './corpus.js';
import { extractFeatures, words } from './features.js';
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
 * neither training nor tuning saw.
 */
export function evaluateOnCorpusSplit(corpusDir: string, options: Partial<RecipeOptions> = {}): SplitQuality {
  const { train, test } = splitCorpus(readCorpus(corpusDir));
  const { model, tuning } = trainSeverityModel(train, options);
  const score = scoreVerdicts(
    test.map((e) => ({ expected: e.severity, predicted: model.predict(extractFeatures(e.alert)).severity })),
  );
  return { ...score, train: train.length, tuning };
}

// The reference a reader would write in five minutes: alarming words wake, everything else waits.
const ALARMING = /\b(down|unavailable|unreachable|fail\w*|error\w*|crash\w*|missing|dead|lost|outage|full|critical)\b/i;

/** A keyword rule scored on the same test part: the side-by-side reference for the bench. */
export function keywordBaseline(corpusDir: string): Score {
  const { test } = splitCorpus(readCorpus(corpusDir));
  return scoreVerdicts(test.map((e) => ({ expected: e.severity, predicted: keywordVerdict(e) })));
}

/** Every test rule called the train part's majority class: what "no model" scores. */
export function majorityBaseline(corpusDir: string): Score {
  const { train, test } = splitCorpus(readCorpus(corpusDir));
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
  corpusDir: string,
  options: Partial<RecipeOptions> = {},
): { auc: number; keptAt95Recall: number } {
  const { train, test } = splitCorpus(readCorpus(corpusDir));
  const { model } = trainSeverityModel(train, options);
  const scored = test.map((e) => ({
    critical: e.severity === 'critical',
    p: model.probabilities(extractFeatures(e.alert))[0]!,
  }));
  const positives = scored
    .filter((s) => s.critical)
    .map((s) => s.p)
    .sort((a, b) => a - b);
  const negatives = scored.filter((s) => !s.critical).map((s) => s.p);
  let wins = 0;
  for (const p of positives) for (const n of negatives) wins += p > n ? 1 : p === n ? 0.5 : 0;
  const threshold = positives[Math.floor(0.05 * positives.length)]!;
  return {
    auc: wins / (positives.length * negatives.length),
    keptAt95Recall: negatives.filter((n) => n < threshold).length / negatives.length,
  };
}

/**
 * How much the corpus's authors agree with each other: pairs of rules from different services
 * whose names share at least `overlap` of their words (Jaccard, the service's own name and
 * numbers left out), and the share of those pairs where one author said critical and the other
 * did not. Disagreement between authors on near-identical alerts caps any classifier's figures.
 */
export function authorAgreement(corpusDir: string, overlap = 0.6): { pairs: number; disagree: number } {
  const rules = readCorpus(corpusDir);
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
