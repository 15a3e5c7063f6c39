import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { AWESOME_ECOSYSTEM, findCorpusDir, readCorpus, splitCorpus, splitOf } from './corpus.js';
import { readAllCorpora } from './corpus/read.js';
import { evaluateOnCorpusSplit, keywordBaseline, leaveOneEcosystemOut } from './quality.js';
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

  it('beats a keyword rule at catching critical alerts on awesome-prometheus-alerts, at the shipped threshold', () => {
    const rules = readAllCorpora(repoRoot, corpusDir!);
    const quality = evaluateOnCorpusSplit(rules, {}, AWESOME_ECOSYSTEM);
    const baseline = keywordBaseline(readCorpus(corpusDir!));
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
    // against regression, set just under what it reaches (0.79 recall, 0.45 kept).
    expect(quality.criticalRecall!).toBeGreaterThanOrEqual(0.75);
    expect(quality.nonCriticalKeptFromWaking!).toBeGreaterThanOrEqual(0.42);
    expect(quality.criticalRecall!).toBeGreaterThan(baseline.criticalRecall!);
  });
});

describe.skipIf(!corpusDir)('the severity model on ecosystems it was not trained on', () => {
  // Leave one ecosystem out: trained on every other ecosystem, scored on the one left out. The
  // issue's targets (AUC ≥ 0.80, recall ≥ 0.90 with ≥ 0.50 kept) are not reached: authors of
  // different ecosystems use the same words at different levels (a logistic regression on the
  // same words does no better, AUC 0.56–0.66). These floors sit just under what the shipped recipe
  // reaches (bench/triage-quality.mjs prints the table) and guard against regression.
  const floors: Record<string, { auc: number; recall: number; kept: number }> = {
    'prometheus-awesome': { auc: 0.67, recall: 0.7, kept: 0.45 },
    'prometheus-projects': { auc: 0.57, recall: 0.6, kept: 0.4 },
    'prometheus-sapcc': { auc: 0.56, recall: 0.72, kept: 0.2 },
    sigma: { auc: 0.59, recall: 0.75, kept: 0.28 },
    falco: { auc: 0.58, recall: 0.9, kept: 0.04 },
  };

  it('ranks and calls every held-out ecosystem at least as well as its floor', () => {
    const heldOut = leaveOneEcosystemOut(readAllCorpora(repoRoot, corpusDir!));
    expect(heldOut.map((h) => h.ecosystem).sort()).toEqual(Object.keys(floors).sort());
    for (const h of heldOut) {
      const floor = floors[h.ecosystem]!;
      console.info(
        `${h.ecosystem}: AUC ${h.auc.toFixed(3)}, recall ${h.criticalRecall?.toFixed(3)}, ` +
          `kept ${h.nonCriticalKeptFromWaking?.toFixed(3)}`,
      );
      expect({ ecosystem: h.ecosystem, auc: h.auc >= floor.auc }).toEqual({ ecosystem: h.ecosystem, auc: true });
      expect(h.criticalRecall!).toBeGreaterThanOrEqual(floor.recall);
      expect(h.nonCriticalKeptFromWaking!).toBeGreaterThanOrEqual(floor.kept);
    }
  });
});
