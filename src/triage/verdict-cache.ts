import type { NormalizedAlert } from '../core/alert.js';
import { BoundedMemo, BoundedPathMemo } from '../core/bounded-memo.js';
import { failureEvidence, type FailureEvidence } from './failure-words.js';
import { featuresOf, rawViewPath, viewKey, viewOf } from './features.js';
import type { Prediction, SeverityModel } from './model.js';

/** What decided a model verdict: its features, its lean towards critical, or its prior alone. */
export type DecidedBy = 'features' | 'lean' | 'prior';

/** A model verdict and the reason line made from it, shared by every alert with the same view. */
export interface CachedVerdict {
  prediction: Prediction;
  /** `model: down +1.9, …`, saying so when the lean or the prior decided rather than the features. */
  reason: string;
  decidedBy: DecidedBy;
  /** Evidence of impact in the words: known words of failure (see failure-words.ts). */
  failure: FailureEvidence;
  /**
   * Whether any word of the title (three characters or more) is in the model's vocabulary. The
   * title, not the body: a text line's body is the whole line, whose level word and program name
   * say nothing about what happened.
   */
  knowsTitleWords: boolean;
}

/** Two-letter tokens ("ok", "io", "db") are known but say nothing alone, and random bytes are full of them. */
const MIN_KNOWN_WORD = 3;

function knowsAny(model: SeverityModel, words: string[]): boolean {
  for (const word of words) if (word.length >= MIN_KNOWN_WORD && model.knows(word)) return true;
  return false;
}

/**
 * Verdicts by view (see features.ts `viewOf`), one table per model. Real alert streams repeat
 * themselves (the same alert on another host, with other numbers), and turning a view into
 * features and scoring them costs several times more than recognizing the view again. An alert
 * seen before exactly is recognized sooner still, by its raw fields, without cutting
 * its words (`rawViewPath`). Models are immutable, so a verdict never goes stale; a retrained model is another
 * object with new tables.
 */
interface Tables {
  byRaw: BoundedPathMemo<CachedVerdict>;
  byView: BoundedMemo<CachedVerdict>;
}
const tables = new WeakMap<SeverityModel, Tables>();

/**
 * Distinct keys kept per model (past that a table starts again), and the longest key kept:
 * 20,000 views of megabyte alerts would be 20 GB, so a longer one is scored every time.
 */
const MAX_VIEWS = 20_000;
const MAX_VIEW_LENGTH = 4_096;

/**
 * The model's verdict on an alert, computed once per distinct view. `withoutSender` leaves the
 * sender's severity out of the view: what the model makes of the alert's own words.
 */
export function verdictOf(model: SeverityModel, alert: NormalizedAlert, withoutSender = false): CachedVerdict {
  let table = tables.get(model);
  if (!table) {
    table = {
      byRaw: new BoundedPathMemo(MAX_VIEWS, MAX_VIEW_LENGTH),
      byView: new BoundedMemo(MAX_VIEWS, MAX_VIEW_LENGTH),
    };
    tables.set(model, table);
  }
  // An alert longer than a kept key is not looked up by its raw fields: it would never be found.
  const raw = alert.title.length + alert.body.length < MAX_VIEW_LENGTH ? rawViewPath(alert, withoutSender) : null;
  let verdict = raw === null ? undefined : table.byRaw.get(raw);
  if (verdict !== undefined) return verdict;
  const view = viewOf(alert, withoutSender);
  const key = viewKey(view);
  verdict = table.byView.get(key);
  if (verdict === undefined) {
    const features = featuresOf(view);
    const prediction = model.predict(features);
    const decidedBy = decidedByOf(prediction);
    verdict = {
      prediction,
      reason: reasonOf(prediction, decidedBy, model.settings.criticalThreshold),
      decidedBy,
      failure: failureEvidence(model, features),
      knowsTitleWords: knowsAny(model, view.title),
    };
    table.byView.set(key, verdict);
  }
  if (raw !== null) table.byRaw.set(raw, verdict);
  return verdict;
}

function decidedByOf({ severity, probabilities: p, evidence }: Prediction): DecidedBy {
  // Critical though not the likeliest: the threshold decided, whatever the features said.
  if (severity === 'critical' && p.critical < Math.max(p.warning, p.info)) return 'lean';
  return evidence.length === 0 ? 'prior' : 'features';
}

function reasonOf(prediction: Prediction, decidedBy: DecidedBy, threshold: number): string {
  if (decidedBy === 'prior') return 'model: no feature for or against, its prior decided';
  const top = prediction.evidence
    .slice(0, 3)
    .map((e) => `${e.feature} ${e.weight >= 0 ? '+' : ''}${e.weight.toFixed(1)}`)
    .join(', ');
  if (decidedBy === 'features') return `model: ${top}`;
  const p = prediction.probabilities.critical.toFixed(2);
  const lean = `model, by its lean towards critical (P ${p} ≥ ${threshold.toFixed(2)})`;
  return top === '' ? lean : `${lean}: ${top}`;
}
