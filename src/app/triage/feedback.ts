import type { NormalizedAlert, Severity } from '../../core/alert.js';
import { UserError } from '../../core/errors.js';
import type { Store } from '../../store/types.js';
import { extractFeatures, IDENTITY_PREFIX, isStructured } from '../../triage/features.js';
import { FEEDBACK_WEIGHT, MISSED_OUTAGE_COST, type SeverityModel, type TrainingExample } from '../../triage/model.js';
import { loadShippedModel } from '../../triage/shipped.js';
import { typeOf } from '../../triage/type-key.js';
import { withStore, type AppContext } from '../context.js';
import { latestPerType, listCorrections } from './corrections.js';
import { SEVERITY_MODEL_KIND } from './model.js';

/** What `triage feedback` recorded. */
export interface FeedbackOutcome {
  alertId: string;
  title: string;
  verdict: 'correct' | 'wrong';
  severity: Severity;
  /** The type the verdict now holds for (`triage feedback list`). */
  type: string;
  feedbackCount: number;
}

/**
 * Records the person's verdict, which from now on holds for every alert of its type, and
 * retrains at once so similar alerts learn from it too (naive Bayes counts are additive:
 * retraining is shipped counts + corrections, in ms).
 */
export async function recordFeedback(
  app: AppContext,
  input: { id: string; verdict: 'correct' | 'wrong'; severity?: Severity | undefined },
): Promise<FeedbackOutcome> {
  return withStore(app, {}, async (store) => {
    const alert = await store.getAlert(input.id);
    if (!alert) {
      throw new UserError(
        `no stored alert has the id ${input.id}`,
        'use an id printed by `soloops triage` (results are stored unless --no-store)',
      );
    }
    const severity = input.verdict === 'correct' ? alert.severity : input.severity!;
    await store.recordFeedback({ alertId: alert.alert.id, verdict: input.verdict, severity });
    const corrections = await retrain(store);
    return {
      alertId: alert.alert.id,
      title: alert.alert.title,
      verdict: input.verdict,
      severity,
      type: typeOf(alert.alert),
      feedbackCount: corrections,
    };
  });
}

/** Retrains on every correction in the store and saves the model as the active one; returns how many types. */
export async function retrain(store: Store): Promise<number> {
  const taught = latestPerType(await listCorrections(store));
  await saveRetrained(store, modelWithFeedback(taught), { feedback: taught.length });
  return taught.length;
}

/**
 * Features a correction does not teach: the structured fields alerts share by the thousand (its
 * source, the log level or sender's hint, status, service, environment). One correction of a
 * `logrotate` text line once moved every text line towards info through `source:text` and
 * `level:none` (issue 15). The alert's identity (`title:`) stays: it names this type only.
 */
function teaches(feature: string): boolean {
  return !isStructured(feature) || feature.startsWith(IDENTITY_PREFIX);
}

/**
 * How many corrections of one severity a single word or bigram learns from, at most. Past that,
 * a word shared by many taught alerts (`service` of every systemd unit) would pull unrelated
 * alerts along by itself; the words they do not share still learn from every correction.
 */
export const MAX_CORRECTIONS_PER_FEATURE = 3;

/** How corrections are weighed (the benchmark tries others). */
export interface FeedbackTuning {
  /** Alerts' worth of one correction to critical. */
  weight: number;
  /** Alerts' worth of one correction to warning or info. */
  quietWeight: number;
  maxPerFeature: number;
}

/**
 * A correction to critical teaches similar alerts a quarter as much as one to warning or info:
 * the model already calls critical at a quarter of the evidence (τ = 1 / (1 + MISSED_OUTAGE_COST)),
 * so full weight would count the lean twice. The corrected type itself is decided by the
 * correction, whatever its weight. Measured (bench/triage-learning.mjs, 10 % of each held-out
 * ecosystem taught): equal weights raised critical recall 63.7 → 74.3 % but let kept-quiet fall
 * 56.9 → 56.2 %; this raises both, to 68.5 % and 60.6 %.
 */
export const defaultFeedbackTuning: FeedbackTuning = {
  weight: FEEDBACK_WEIGHT / MISSED_OUTAGE_COST,
  quietWeight: FEEDBACK_WEIGHT,
  maxPerFeature: MAX_CORRECTIONS_PER_FEATURE,
};

/**
 * The shipped model plus the corrections (one per type: the latest verdict), each counted as
 * FEEDBACK_WEIGHT alerts so a few corrections count. Bounded, so no correction moves a whole
 * bucket: shared structured fields are left out (see `teaches`), a feature learns from at most
 * MAX_CORRECTIONS_PER_FEATURE corrections per severity, and the class totals the field
 * features are scored against stay the shipped ones (a month of info corrections must not turn
 * every alert's `hint:none` into evidence against info).
 */
export function modelWithFeedback(
  corrections: ReadonlyArray<{ alert: NormalizedAlert; severity: Severity }>,
  base: SeverityModel = loadShippedModel(),
  tuning: Partial<FeedbackTuning> = {},
): SeverityModel {
  const { weight, quietWeight, maxPerFeature } = { ...defaultFeedbackTuning, ...tuning };
  const used: Record<Severity, Map<string, number>> = { critical: new Map(), warning: new Map(), info: new Map() };
  const added: Record<Severity, number> = { critical: 0, warning: 0, info: 0 };
  const examples: TrainingExample[] = [];
  for (const { alert, severity } of corrections) {
    const features: string[] = [];
    const times = used[severity];
    for (const feature of extractFeatures(alert)) {
      if (!teaches(feature)) continue;
      const before = times.get(feature) ?? 0;
      if (before >= maxPerFeature) continue;
      times.set(feature, before + 1);
      features.push(feature);
    }
    const counts = severity === 'critical' ? weight : quietWeight;
    examples.push({ features, severity, weight: counts });
    added[severity] += counts;
  }
  // Takes back what the examples added to the class totals (the counts of observed alerts per
  // severity), which only the field features read: the words still count in full.
  for (const severity of ['critical', 'warning', 'info'] as const)
    if (added[severity] > 0) examples.push({ features: [], severity, weight: -added[severity] });
  return examples.length === 0 ? base : base.addExamples(examples);
}

/** Stores the model as the active severity model. */
export async function saveRetrained(
  store: Store,
  model: SeverityModel,
  metrics: Record<string, unknown>,
): Promise<number> {
  return store.saveModel({ kind: SEVERITY_MODEL_KIND, data: model.toJSON(), metrics });
}
