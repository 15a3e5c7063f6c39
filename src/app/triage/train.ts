import { classifyLocally } from '../../triage/classify.js';
import { Corrections } from '../../triage/corrections.js';
import type { SeverityModel } from '../../triage/model.js';
import { scoreVerdicts, type Score } from '../../triage/score.js';
import { loadShippedModel } from '../../triage/shipped.js';
import { withStore, type AppContext } from '../context.js';
import { latestPerType, listCorrections, type PersonCorrection } from './corrections.js';
import { modelWithFeedback, saveRetrained } from './feedback.js';

/** What `triage train` did and how the held-back corrections scored before and after. */
export interface TrainReport {
  /** Corrected types learned from (the latest verdict of each). */
  feedback: number;
  heldOut: number;
  /** False when there were too few corrections to measure anything: `before` and `after` are then empty. */
  measured: boolean;
  /** The fewest corrected types worth measuring on. */
  minimum: number;
  before: Score;
  after: Score;
  modelId: number;
}

/** Every fifth corrected type (in the order given) is held back to measure the retraining. */
const HOLD_OUT_EVERY = 5;

/**
 * Below this many corrected types, two held back are too few to say anything: one alert more or
 * less swings recall by 50 points. The model is still retrained; the figures are left out.
 */
export const MIN_TYPES_TO_MEASURE = 10;

/**
 * Retrains on the shipped counts plus every correction and stores the result as the active
 * model. The figures, once there are enough corrections: the shipped model ("before") and the
 * shipped model plus the other corrections ("after"), both scored on the held-back corrections,
 * which neither saw, by the model alone (the feedback layer would know them by type).
 */
export async function trainWithFeedback(app: AppContext): Promise<TrainReport> {
  return withStore(app, {}, async (store) => {
    const feedback = latestPerType(await listCorrections(store));
    const measured = feedback.length >= MIN_TYPES_TO_MEASURE;
    const held = (_: unknown, i: number) => measured && i % HOLD_OUT_EVERY === HOLD_OUT_EVERY - 1;
    const heldOut = feedback.filter(held);
    const learnFrom = feedback.filter((c, i) => !held(c, i));
    const before = scoreOn(heldOut, loadShippedModel());
    const after = scoreOn(heldOut, modelWithFeedback(learnFrom));
    const modelId = await saveRetrained(store, modelWithFeedback(feedback), {
      feedback: feedback.length,
      heldOut: heldOut.length,
      before,
      after,
    });
    return {
      feedback: feedback.length,
      heldOut: heldOut.length,
      measured,
      minimum: MIN_TYPES_TO_MEASURE,
      before,
      after,
      modelId,
    };
  });
}

function scoreOn(entries: PersonCorrection[], model: SeverityModel): Score {
  const local = { rules: [], corrections: Corrections.none, severityMap: {}, model };
  return scoreVerdicts(
    entries.map((e) => ({ expected: e.severity, predicted: classifyLocally(e.alert, local).severity })),
  );
}
