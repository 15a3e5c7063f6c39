import type { NormalizedAlert } from '../core/alert.js';
import { BoundedMemo } from '../core/bounded-memo.js';
import { featuresOf, viewKey, viewOf } from './features.js';
import type { Prediction, SeverityModel } from './model.js';

/** A model verdict and the reason line made from it, shared by every alert with the same view. */
export interface CachedVerdict {
  prediction: Prediction;
  reason: string;
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
 * features and scoring them costs several times more than recognizing the view again. Models are
 * immutable, so a verdict never goes stale; a retrained model is another object with a new table.
 */
const tables = new WeakMap<SeverityModel, BoundedMemo<CachedVerdict>>();

/**
 * Distinct views kept per model (past that the table starts again), and the longest view kept:
 * 20,000 views of megabyte alerts would be 20 GB, so a longer one is scored every time.
 */
const MAX_VIEWS = 20_000;
const MAX_VIEW_LENGTH = 4_096;

/** The model's verdict on an alert, computed once per distinct view. */
export function verdictOf(model: SeverityModel, alert: NormalizedAlert): CachedVerdict {
  let table = tables.get(model);
  if (!table) tables.set(model, (table = new BoundedMemo(MAX_VIEWS, MAX_VIEW_LENGTH)));
  const view = viewOf(alert);
  const key = viewKey(view);
  let verdict = table.get(key);
  if (verdict === undefined) {
    const prediction = model.predict(featuresOf(view));
    const top = prediction.evidence
      .slice(0, 3)
      .map((e) => `${e.feature} ${e.weight >= 0 ? '+' : ''}${e.weight.toFixed(1)}`);
    verdict = {
      prediction,
      reason: top.length ? `model: ${top.join(', ')}` : 'model',
      knowsTitleWords: knowsAny(model, view.title),
    };
    table.set(key, verdict);
  }
  return verdict;
}
