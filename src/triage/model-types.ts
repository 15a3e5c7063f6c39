// The severity model's data types and defaults, apart from the class so each file stays small.
import type { Severity } from '../core/alert.js';

/** One labelled alert, as features. `weight` counts it as that many alerts (default 1). */
export interface TrainingExample {
  features: string[];
  severity: Severity;
  weight?: number;
  /**
   * A prior, not an observed alert (the hand-written seeds): its words go to the lexicon, its
   * structured features to the field counts, and it adds no alert to the training mix.
   */
  pseudo?: boolean;
}

/**
 * How much one correction from the person counts, in corpus alerts. Measured on 81 hand-written
 * alerts from six tools: at 15, one correction flips 78 of them and three flip all (with the
 * `title:` identity, see identityStrength), while one correction changes 2 % of the other
 * alerts, near-duplicates of it. At 30, 3.4 %; words shared by unrelated alerts (CloudWatch's
 * "threshold crossed") start to carry the correction too far.
 */
export const FEEDBACK_WEIGHT = 15;

/** "We would rather wake you four times for nothing than miss one outage": τ = 0.2. */
export const MISSED_OUTAGE_COST = 4;

/** Smoothing and decision settings; the recipe (training.ts) tunes the temperature and threshold. */
export interface ModelSettings {
  /** Additive smoothing of word counts (observed and lexicon). */
  alpha: number;
  /** Divides observed word evidence: unigrams and bigrams overlap and corpus labels are noisy. */
  temperature: number;
  /** Divides lexicon evidence: a seed phrase's unigrams and bigram would otherwise count twice. */
  lexiconTemperature: number;
  /**
   * How many alerts' worth of doubt a structured value starts with (a Dirichlet prior on the
   * classes of alerts carrying it, centred on the training mix). At 60 (four corrections), one
   * correction about a `service:payments` alert moves all payments alerts by ~0.5 nats, three by
   * ~1: the person's own service names count without overruling what the words say.
   */
  fieldStrength: number;
  /**
   * The same for an alert's identity (`title:` feature), which only the person's corrections
   * teach. At 0.1 a correction is believed: one moves that very alert by ~6 nats, three by ~7,
   * enough (with its words) to overrule even a sender's severity, as a correction means to.
   */
  identityStrength: number;
  /**
   * Class prior (critical, warning, info) of what reaches a person. Not the corpus's mix (39/58/3 %,
   * what rule authors write, with almost no info rules); this one keeps info reachable and puts
   * an alert the model knows nothing about above the critical threshold (unsure → wake).
   */
  prior: number[];
  /** Call it critical when P(critical) ≥ this, even if another class is likelier. */
  criticalThreshold: number;
}

export const defaultSettings: ModelSettings = {
  alpha: 0.5,
  temperature: 1,
  lexiconTemperature: 2,
  fieldStrength: 60,
  identityStrength: 0.1,
  prior: [0.35, 0.5, 0.15],
  criticalThreshold: 0.2,
};

/** Features with their weighted counts per class: `values[3i + k]` is feature i's count in class k. */
export interface CountTable {
  features: string[];
  values: number[];
}

/** The serialized model: counts are the model (sufficient statistics), so training is additive. */
export interface SeverityModelJSON {
  format: 'soloops-severity-nb/1';
  settings: ModelSettings;
  /** Weighted number of observed alerts per class, in `severities` order. */
  docs: number[];
  /** Observed features (corpus, feedback; the structured seeds too). */
  counts: CountTable;
  /** Seed words: the hand-written prior lexicon (seeds.ts). */
  lexicon: CountTable;
  meta?: Record<string, unknown>;
}

/** A verdict with its probabilities and the features that decided it. */
export interface Prediction {
  severity: Severity;
  /** Probability of the chosen severity. */
  confidence: number;
  probabilities: Record<Severity, number>;
  /** Features that pushed towards the verdict, strongest first: log-odds (nats) vs the runner-up. */
  evidence: Array<{ feature: string; weight: number }>;
}
