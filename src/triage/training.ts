import { severities } from '../core/alert.js';
import { stableHash, type CorpusExample } from './corpus.js';
import { extractFeatures, IDENTITY_PREFIX, isStructured } from './features.js';
import {
  defaultSettings,
  MISSED_OUTAGE_COST,
  SeverityModel,
  type ModelSettings,
  type TrainingExample,
} from './model.js';
import { SEED_PHRASE_WEIGHT, seedExamples } from './seeds.js';

/**
 * How the critical threshold is chosen.
 * - `cost` (shipped): the Bayes decision for calibrated probabilities, τ = 1 / (1 + k), where a
 *   missed outage costs k needless calls. It does not depend on the corpus's label noise.
 * - `recall`: the largest τ whose cross-validated critical recall on the corpus reaches the
 *   target. On this corpus that τ sits below the no-evidence point (a quarter of its
 *   critical rules read like warnings), so every alert in unfamiliar words would wake the
 *   person; kept for the benchmark's side-by-side, not shipped.
 */
export type ThresholdRule = { rule: 'cost'; missedOutageCost: number } | { rule: 'recall'; target: number };

/** The recipe's knobs; the defaults are what the shipped model is built with. */
export interface RecipeOptions {
  threshold: ThresholdRule;
  folds: number;
  /** Word-evidence temperatures tried; the one with the lowest cross-validated log-loss wins. */
  temperatures: number[];
  /** How many alerts' worth each seed phrase counts (seeds.ts). */
  seedPhraseWeight: number;
  /**
   * How much an ecosystem's size counts: its rules weigh n^balance in all (0: every ecosystem
   * counts the same, 1: every rule does). Sigma's 1,000 detections must not drown Falco's 93.
   */
  ecosystemBalance: number;
  /** A word or bigram seen in fewer corpus rules than this is dropped (keeps model.json small). */
  minFeatureRules: number;
  settings: Partial<ModelSettings>;
}

export { MISSED_OUTAGE_COST };

export const defaultRecipe: RecipeOptions = {
  threshold: { rule: 'cost', missedOutageCost: MISSED_OUTAGE_COST },
  folds: 5,
  temperatures: [1, 1.5, 2, 3, 4, 5, 6, 7, 8, 10, 12, 16],
  seedPhraseWeight: SEED_PHRASE_WEIGHT,
  ecosystemBalance: 0.5,
  minFeatureRules: 2,
  settings: {},
};

/** What cross-validation found, kept in the model file's metadata. */
export interface Tuning {
  temperature: number;
  criticalThreshold: number;
  /** Out-of-fold figures at the chosen settings. */
  cvLogLoss: number;
  cvCriticalRecall: number;
  cvNonCriticalKeptFromWaking: number;
}

/**
 * Trains on the corpus examples plus the seeds, and tunes on out-of-fold predictions (5 folds by a
 * hash of the rule name, independent of the benchmark split): the word temperature by lowest
 * log-loss (so probabilities are calibrated), then the critical threshold by `threshold`.
 */
export function trainSeverityModel(
  corpus: CorpusExample[],
  options: Partial<RecipeOptions> = {},
): { model: SeverityModel; tuning: Tuning } {
  const recipe = { ...defaultRecipe, ...options };
  const examples = corpusTrainingExamples(corpus, recipe);
  const prior = recipe.settings.prior ?? defaultSettings.prior;
  const train = (part: TrainingExample[], settings: Partial<ModelSettings>) => {
    const weightOf = (s?: string) =>
      part.reduce((sum, e) => sum + (s === undefined || e.severity === s ? (e.weight ?? 1) : 0), 0);
    const mix = severities.map((s) => (weightOf(s) + 1) / (weightOf() + severities.length));
    return SeverityModel.train([...seedExamples(mix, prior, recipe.seedPhraseWeight), ...part], {
      ...recipe.settings,
      ...settings,
    });
  };
  const fold = corpus.map((c) => (stableHash(c.rule.name) >>> 8) % recipe.folds);
  const foldModels = Array.from({ length: recipe.folds }, (_, f) =>
    train(
      examples.filter((_, i) => fold[i] !== f),
      {},
    ),
  );

  let best = { temperature: 1, logLoss: Infinity, probs: [] as Float64Array[] };
  const totalWeight = examples.reduce((sum, e) => sum + (e.weight ?? 1), 0);
  for (const temperature of recipe.temperatures) {
    const models = foldModels.map((m) => m.with({ temperature }));
    const probs = examples.map((e, i) => models[fold[i]!]!.probabilities(e.features));
    const loss =
      -probs.reduce(
        (sum, p, i) =>
          sum + (examples[i]!.weight ?? 1) * Math.log(Math.max(p[severities.indexOf(examples[i]!.severity)]!, 1e-12)),
        0,
      ) / totalWeight;
    if (loss < best.logLoss) best = { temperature, logLoss: loss, probs };
  }

  const pCritical = (critical: boolean) =>
    best.probs.filter((_, i) => (examples[i]!.severity === 'critical') === critical).map((p) => p[0]!);
  const criticalP = pCritical(true);
  const nonCriticalP = pCritical(false);
  const { threshold } = recipe;
  const criticalThreshold =
    threshold.rule === 'cost' ? 1 / (1 + threshold.missedOutageCost) : thresholdForRecall(criticalP, threshold.target);
  const tuning: Tuning = {
    temperature: best.temperature,
    criticalThreshold,
    cvLogLoss: best.logLoss,
    cvCriticalRecall: share(criticalP, (p) => p >= criticalThreshold),
    cvNonCriticalKeptFromWaking: share(nonCriticalP, (p) => p < criticalThreshold),
  };
  return { model: train(examples, { temperature: best.temperature, criticalThreshold }), tuning };
}

/**
 * The corpus rules as weighted training examples: identities (`title:`) left out (they are for the
 * person's corrections; a rule's own name would only add a feature per rule to the model file),
 * words seen in fewer than `minFeatureRules` rules dropped, and each ecosystem weighted so that
 * its rules count n^ecosystemBalance in all, scaled so the weights still add up to the rule count.
 * Weights are rounded to quarters: the model file stores counts with few digits.
 */
export function corpusTrainingExamples(
  corpus: CorpusExample[],
  recipe: Pick<RecipeOptions, 'ecosystemBalance' | 'minFeatureRules'>,
): TrainingExample[] {
  const featureLists = corpus.map((c) => extractFeatures(c.alert).filter((f) => !f.startsWith(IDENTITY_PREFIX)));
  const rulesWith = new Map<string, number>();
  for (const features of featureLists) for (const f of features) rulesWith.set(f, (rulesWith.get(f) ?? 0) + 1);
  const sizes = new Map<string, number>();
  for (const c of corpus) sizes.set(c.rule.ecosystem, (sizes.get(c.rule.ecosystem) ?? 0) + 1);
  let mass = 0;
  for (const n of sizes.values()) mass += n ** recipe.ecosystemBalance;
  const weightOf = (ecosystem: string) => {
    const n = sizes.get(ecosystem)!;
    return Math.max(0.25, Math.round((4 * corpus.length * n ** (recipe.ecosystemBalance - 1)) / mass) / 4);
  };
  return corpus.map((c, i) => ({
    features: featureLists[i]!.filter((f) => isStructured(f) || rulesWith.get(f)! >= recipe.minFeatureRules),
    severity: c.severity,
    weight: weightOf(c.rule.ecosystem),
  }));
}

/** The largest threshold t with share(p ≥ t) ≥ recall among the critical examples' P(critical). */
export function thresholdForRecall(criticalP: number[], recall: number): number {
  if (criticalP.length === 0) return 0.5;
  const sorted = [...criticalP].sort((a, b) => a - b);
  return sorted[Math.max(0, sorted.length - Math.ceil(recall * sorted.length))]!;
}

function share(values: number[], test: (value: number) => boolean): number {
  return values.length === 0 ? 0 : values.filter(test).length / values.length;
}
