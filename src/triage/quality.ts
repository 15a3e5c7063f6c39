import type { Severity } from '../core/alert.js';
import { readCorpus, splitCorpus, type CorpusExample } from './corpus.js';
import { extractFeatures } from './features.js';
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
  const score = scoreVerdicts(test.map((e) => ({ expected: e.severity, predicted: model.predict(extractFeatures(e.alert)).severity })));
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
