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
    // against regression, set just under what it reaches (0.76 recall, 0.62 kept).
    expect(quality.criticalRecall!).toBeGreaterThanOrEqual(0.73);
    expect(quality.nonCriticalKeptFromWaking!).toBeGreaterThanOrEqual(0.58);
    expect(quality.criticalRecall!).toBeGreaterThan(baseline.criticalRecall!);
  });
});

describe.skipIf(!corpusDir)('the severity model on ecosystems it was not trained on', () => {
  // Leave one ecosystem out: trained on every other ecosystem, scored on the one left out. The
  // issue's targets (AUC ≥ 0.80, recall ≥ 0.90 with ≥ 0.50 kept) are not reached: authors of
  // different ecosystems use the same words at different levels: even trained on the rest of its
  // own ecosystem (5 folds) the recipe ranks at AUC 0.69–0.78 (falco 0.89), and a logistic
  // regression on the same features does no better held out (0.64–0.68 mean). These floors sit
  // just under what the shipped recipe reaches (bench/triage-quality.mjs prints the table) and
  // guard against regression.
  const floors: Record<string, { auc: number; recall: number; kept: number }> = {
    'prometheus-awesome': { auc: 0.69, recall: 0.67, kept: 0.6 },
    'prometheus-projects': { auc: 0.59, recall: 0.65, kept: 0.45 },
    'prometheus-sapcc': { auc: 0.6, recall: 0.7, kept: 0.31 },
    sigma: { auc: 0.66, recall: 0.58, kept: 0.63 },
    falco: { auc: 0.72, recall: 0.92, kept: 0.22 },
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
