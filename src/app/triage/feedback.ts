import type { Severity } from '../../core/alert.js';
import { UserError } from '../../core/errors.js';
import type { FeedbackEntry, Store } from '../../store/types.js';
import { extractFeatures } from '../../triage/features.js';
import { FEEDBACK_WEIGHT, type SeverityModel } from '../../triage/model.js';
import { loadShippedModel } from '../../triage/shipped.js';
import { withStore, type AppContext } from '../context.js';
import { SEVERITY_MODEL_KIND } from './model.js';

/** What `triage feedback` recorded. */
export interface FeedbackOutcome {
  alertId: string;
  title: string;
  verdict: 'correct' | 'wrong';
  severity: Severity;
  feedbackCount: number;
}

/**
 * Records the person's verdict and retrains at once, so the correction holds from the next
 * alert on (naive Bayes counts are additive: retraining is shipped counts + feedback, in ms).
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
    const feedback = await store.listFeedback();
    await saveRetrained(store, modelWithFeedback(feedback), { feedback: feedback.length });
    return {
      alertId: alert.alert.id,
      title: alert.alert.title,
      verdict: input.verdict,
      severity,
      feedbackCount: feedback.length,
    };
  });
}

/** The shipped model plus the given feedback, each example weighted so a few corrections count. */
export function modelWithFeedback(feedback: FeedbackEntry[]): SeverityModel {
  return loadShippedModel().addExamples(
    feedback.map((entry) => ({
      features: extractFeatures(entry.alert.alert),
      severity: entry.severity,
      weight: FEEDBACK_WEIGHT,
    })),
  );
}

/** Stores the model as the active severity model. */
export async function saveRetrained(
  store: Store,
  model: SeverityModel,
  metrics: Record<string, unknown>,
): Promise<number> {
  return store.saveModel({ kind: SEVERITY_MODEL_KIND, data: model.toJSON(), metrics });
}
