import type { Severity } from '../../core/alert.js';
import type { FeedbackEntry } from '../../store/types.js';
import { classifyLocally } from '../../triage/classify.js';
import type { SeverityModel } from '../../triage/model.js';
import { scoreVerdicts, type Score } from '../../triage/score.js';
import { loadShippedModel } from '../../triage/shipped.js';
import { withStore, type AppContext } from '../context.js';
import { modelWithFeedback, saveRetrained } from './feedback.js';

/** What `triage train` did and how the held-back feedback scored before and after. */
export interface TrainReport {
  feedback: number;
  heldOut: number;
  before: Score;
  after: Score;
  modelId: number;
}

/** Every fifth correction (in the order given) is held back to measure the retraining. */
const HOLD_OUT_EVERY = 5;

/**
 * Retrains on the shipped counts plus all feedback and stores the result as the active model.
 * The figures: the shipped model ("before") and the shipped model plus the other feedback
 * ("after"), both scored on the held-back corrections, which neither saw.
 */
export async function trainWithFeedback(app: AppContext): Promise<TrainReport> {
  return withStore(app, {}, async (store) => {
    const feedback = await store.listFeedback();
    const heldOut = feedback.filter((_, i) => i % HOLD_OUT_EVERY === HOLD_OUT_EVERY - 1);
    const learnFrom = feedback.filter((_, i) => i % HOLD_OUT_EVERY !== HOLD_OUT_EVERY - 1);
    const before = scoreOn(heldOut, loadShippedModel());
    const after = scoreOn(heldOut, modelWithFeedback(learnFrom));
    const modelId = await saveRetrained(store, modelWithFeedback(feedback), {
      feedback: feedback.length,
      heldOut: heldOut.length,
      before,
      after,
    });
    return { feedback: feedback.length, heldOut: heldOut.length, before, after, modelId };
  });
}

function scoreOn(entries: FeedbackEntry[], model: SeverityModel): Score {
  return scoreVerdicts(
    entries.map((e) => ({
      expected: e.severity as Severity,
      predicted: classifyLocally(e.alert.alert, [], model).severity,
    })),
  );
}
