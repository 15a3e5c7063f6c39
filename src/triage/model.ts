import { severities, type Severity } from '../core/alert.js';
import { IDENTITY_PREFIX, isStructured } from './features.js';
import {
  defaultSettings,
  type CountTable,
  type ModelSettings,
  type Prediction,
  type SeverityModelJSON,
  type TrainingExample,
} from './model-types.js';

export * from './model-types.js';

const K = severities.length;
const round = (n: number) => Math.round(n * 1e4) / 1e4;

function toMap(table: CountTable): Map<string, number[]> {
  return new Map(table.features.map((f, i) => [f, table.values.slice(K * i, K * i + K)]));
}

function toTable(map: Map<string, number[]>): CountTable {
  const features = [...map.keys()].sort();
  return { features, values: features.flatMap((f) => map.get(f)!.map(round)) };
}

/**
 * Naive Bayes as a sum of log-evidence from three tables on top of a class prior: words seen in
 * alerts (multinomial; divided by a temperature fitted on cross-validation, since corpus labels
 * are noisy and bigrams repeat their unigrams), the seed lexicon (multinomial over the seed
 * words with its own fixed temperature: our stated prior, which corpus noise must not dampen),
 * and structured fields (`hint:`, `status:`, `service:`… a Bayes factor per value). Immutable;
 * unseen features are ignored. Per-feature scores sit in one flat array: predict is a lookup
 * per feature and three additions.
 */
export class SeverityModel {
  readonly settings: ModelSettings;
  readonly meta: Record<string, unknown>;
  private readonly slot = new Map<string, number>();
  private readonly rows: Float64Array;
  private readonly logPrior: number[];

  private constructor(
    private readonly counts: CountTable,
    private readonly lexicon: CountTable,
    private readonly docs: number[],
    settings: ModelSettings,
    meta: Record<string, unknown>,
  ) {
    this.settings = settings;
    this.meta = meta;
    const { alpha, temperature, lexiconTemperature, fieldStrength, identityStrength, prior } = settings;
    this.logPrior = prior.map(Math.log);
    // Plain loops: this runs once per process start, mostly before the JIT has warmed up.
    const { features, values } = counts;
    for (let i = 0; i < features.length; i++) this.slot.set(features[i]!, i);
    for (const f of lexicon.features) if (!this.slot.has(f)) this.slot.set(f, this.slot.size);
    this.rows = new Float64Array(K * this.slot.size);
    this.addWords(counts, alpha, temperature);
    this.addWords(lexicon, alpha, lexiconTemperature);
    // Structured value f: log P(class | f) − log P(class), with P(class | f) shrunk towards the
    // training mix by `fieldStrength` alerts. A value every alert has (hint:none on the corpus)
    // is exactly neutral; a value seen once moves the verdict a little, not by a factor of 50.
    const total = docs[0]! + docs[1]! + docs[2]!;
    const mix = docs.map((d) => (d + 1) / (total + K));
    for (let i = 0; i < features.length; i++) {
      if (!isStructured(features[i]!)) continue;
      const a = features[i]!.startsWith(IDENTITY_PREFIX) ? identityStrength : fieldStrength;
      const n = values[K * i]! + values[K * i + 1]! + values[K * i + 2]!;
      for (let k = 0; k < K; k++)
        this.rows[K * i + k] = Math.log((values[K * i + k]! + a * mix[k]!) / (n + a) / mix[k]!);
    }
  }

  /** Adds a word table's multinomial log-likelihoods, divided by `temperature`, to the rows. */
  private addWords({ features, values }: CountTable, alpha: number, temperature: number): void {
    const totals = [0, 0, 0];
    let vocabulary = 0;
    for (let i = 0; i < features.length; i++) {
      if (isStructured(features[i]!)) continue;
      vocabulary++;
      for (let k = 0; k < K; k++) totals[k]! += values[K * i + k]!;
    }
    const logTotals = totals.map((t) => Math.log(t + alpha * vocabulary));
    for (let i = 0; i < features.length; i++) {
      if (isStructured(features[i]!)) continue;
      const at = K * this.slot.get(features[i]!)!;
      for (let k = 0; k < K; k++)
        this.rows[at + k]! += (Math.log(values[K * i + k]! + alpha) - logTotals[k]!) / temperature;
    }
  }

  /** A model from scratch. */
  static train(
    examples: TrainingExample[],
    settings: Partial<ModelSettings> = {},
    meta: Record<string, unknown> = {},
  ): SeverityModel {
    const empty = { features: [], values: [] };
    return new SeverityModel(empty, empty, [0, 0, 0], { ...defaultSettings, ...settings }, meta).addExamples(examples);
  }

  /** A model from `toJSON()` output (e.g. read from the store); throws on anything else. */
  static fromJSON(json: unknown): SeverityModel {
    const j = json as Partial<SeverityModelJSON> | null;
    const table = (t: CountTable | undefined) =>
      Array.isArray(t?.features) && Array.isArray(t.values) && t.values.length === K * t.features.length;
    if (
      j?.format !== 'soloops-severity-nb/1' ||
      j.docs?.length !== K ||
      !table(j.counts) ||
      !table(j.lexicon) ||
      !j.settings
    ) {
      throw new Error('not a soloops severity model (expected format soloops-severity-nb/1)');
    }
    return new SeverityModel(j.counts!, j.lexicon!, [...j.docs], { ...defaultSettings, ...j.settings }, j.meta ?? {});
  }

  toJSON(): SeverityModelJSON {
    const { counts, lexicon, docs, settings, meta } = this;
    return {
      format: 'soloops-severity-nb/1',
      settings,
      docs: docs.map(round),
      counts: toTable(toMap(counts)),
      lexicon: toTable(toMap(lexicon)),
      meta,
    };
  }

  /** Counts are additive: the same model as one trained on the old examples plus these. */
  addExamples(examples: TrainingExample[]): SeverityModel {
    const counts = toMap(this.counts);
    const lexicon = toMap(this.lexicon);
    const docs = [...this.docs];
    for (const { features, severity, weight = 1, pseudo = false } of examples) {
      const k = severities.indexOf(severity);
      if (k < 0) throw new Error(`unknown severity ${String(severity)}`);
      if (!pseudo) docs[k]! += weight;
      for (const feature of new Set(features)) {
        const into = pseudo && !isStructured(feature) ? lexicon : counts;
        let c = into.get(feature);
        if (!c) into.set(feature, (c = [0, 0, 0]));
        c[k]! += weight;
      }
    }
    return new SeverityModel(toTable(counts), toTable(lexicon), docs, this.settings, this.meta);
  }

  /** The same counts with other settings (tuning) or metadata (the shipped file). */
  with(settings: Partial<ModelSettings>, meta: Record<string, unknown> = this.meta): SeverityModel {
    return new SeverityModel(this.counts, this.lexicon, this.docs, { ...this.settings, ...settings }, meta);
  }

  /** True when the model has any evidence about this feature (a word, a bigram, a field value). */
  knows(feature: string): boolean {
    return this.slot.has(feature);
  }

  /** Class probabilities alone, in `severities` order: the cheap path for tuning and scoring. */
  probabilities(features: string[]): Float64Array {
    return this.score(features, null);
  }

  /** Scores, then softmax in place; `found` collects the slots of known features (for evidence). */
  private score(features: string[], found: number[] | null): Float64Array {
    const { rows, slot, logPrior } = this;
    let s0 = logPrior[0]!;
    let s1 = logPrior[1]!;
    let s2 = logPrior[2]!;
    for (let i = 0; i < features.length; i++) {
      const at = slot.get(features[i]!);
      if (at === undefined) continue;
      s0 += rows[K * at]!;
      s1 += rows[K * at + 1]!;
      s2 += rows[K * at + 2]!;
      found?.push(i, K * at);
    }
    const max = Math.max(s0, s1, s2);
    const e0 = Math.exp(s0 - max);
    const e1 = Math.exp(s1 - max);
    const e2 = Math.exp(s2 - max);
    const sum = e0 + e1 + e2;
    return Float64Array.of(e0 / sum, e1 / sum, e2 / sum);
  }

  /** Leans to critical: P(critical) ≥ threshold wins, else the likelier of warning and info. */
  decide(p: ArrayLike<number>): Severity {
    if (p[0]! >= this.settings.criticalThreshold) return 'critical';
    return p[1]! >= p[2]! ? 'warning' : 'info';
  }

  predict(features: string[], maxEvidence = 5): Prediction {
    const found: number[] = [];
    const p = this.score(features, found);
    const severity = this.decide(p);
    const chosen = severity === 'critical' ? 0 : severity === 'warning' ? 1 : 2;
    // Evidence: each feature's log-odds between the verdict and the runner-up it beat; the top
    // few kept by insertion (no sort, no object per feature: this runs for every alert).
    let rival = chosen === 0 ? 1 : 0;
    for (let k = 0; k < K; k++) if (k !== chosen && p[k]! > p[rival]!) rival = k;
    const top: string[] = [];
    const weights: number[] = [];
    for (let j = 0; j < found.length; j += 2) {
      const feature = features[found[j]!]!;
      const weight = this.rows[found[j + 1]! + chosen]! - this.rows[found[j + 1]! + rival]!;
      if (weight <= 0 || (top.length === maxEvidence && weight <= weights[maxEvidence - 1]!)) continue;
      let at = Math.min(top.length, maxEvidence - 1);
      while (at > 0 && (weights[at - 1]! < weight || (weights[at - 1] === weight && top[at - 1]! > feature))) at--;
      top.splice(at, 0, feature);
      weights.splice(at, 0, weight);
      if (top.length > maxEvidence) {
        top.length = maxEvidence;
        weights.length = maxEvidence;
      }
    }
    return {
      severity,
      confidence: p[chosen]!,
      probabilities: { critical: p[0]!, warning: p[1]!, info: p[2]! },
      evidence: top.map((feature, i) => ({ feature, weight: weights[i]! })),
    };
  }
}
