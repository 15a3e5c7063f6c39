import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { findCorpusDir, readCorpus, splitCorpus, splitOf } from './corpus.js';
import { evaluateOnCorpusSplit, keywordBaseline } from './quality.js';
import { formatScore } from './score.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const corpusDir = findCorpusDir(repoRoot);
if (!corpusDir)
  console.warn(
    'triage quality tests skipped: ../shared/corpus/alert-rules is absent ' +
      '(it sits beside the repository only in the soloops workspace)',
  );

describe.skipIf(!corpusDir)('the severity model on the fixed split of the public alert rules', () => {
  it('splits the same way every time, about one rule in five to the test part', () => {
    const rules = readCorpus(corpusDir!);
    const { train, test } = splitCorpus(rules);
    expect(train.length + test.length).toBe(rules.length);
    expect(test.length / rules.length).toBeGreaterThan(0.15);
    expect(test.length / rules.length).toBeLessThan(0.25);
    expect(test.every((e) => splitOf(e.rule) === 'test')).toBe(true);
  });

  it('beats a keyword rule at catching critical alerts, at the shipped threshold', () => {
    const quality = evaluateOnCorpusSplit(corpusDir!);
    const baseline = keywordBaseline(corpusDir!);
    console.info(
      `shipped recipe (τ ${quality.tuning.criticalThreshold}, T ${quality.tuning.temperature}), ` +
        `trained on ${quality.train}:\n${formatScore(quality)}`,
    );
    console.info(`keyword baseline:\n${formatScore(baseline)}`);
    // The product promises critical recall ≥ 0.95 with ≥ 0.80 of non-critical alerts kept from
    // waking. No method we tried reaches both on this corpus: even with the threshold picked on
    // the test part itself, the best (logistic regression with the PromQL query) keeps ~40 % at
    // 95 % recall, and authors disagree on 19 % of near-identical rules (bench/triage-quality.mjs
    // prints both). The shipped threshold is the cost rule (training.ts); these are floors
    // against regression, set just under what it reaches.
    expect(quality.criticalRecall!).toBeGreaterThanOrEqual(0.8);
    expect(quality.nonCriticalKeptFromWaking!).toBeGreaterThanOrEqual(0.45);
    expect(quality.criticalRecall!).toBeGreaterThan(baseline.criticalRecall!);
  });

  it('tuned instead to 95 % recall on cross-validation, still misses some and wakes on most warnings', () => {
    const quality = evaluateOnCorpusSplit(corpusDir!, { threshold: { rule: 'recall', target: 0.95 } });
    console.info(`recall rule (τ ${quality.tuning.criticalThreshold.toFixed(3)}):\n${formatScore(quality)}`);
    expect(quality.tuning.cvCriticalRecall).toBeGreaterThanOrEqual(0.95);
    expect(quality.criticalRecall!).toBeGreaterThanOrEqual(0.85);
    expect(quality.nonCriticalKeptFromWaking!).toBeLessThan(0.4);
  });
});
