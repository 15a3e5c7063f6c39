import { IDENTITY_PREFIX, isStructured } from './features.js';
import type { SeverityModel } from './model.js';

/**
 * A word is a known word of failure when the model finds it at least e times as likely in
 * critical alerts as in warning ones, and as in info ones (log-likelihood ratio ≥ 1 nat against
 * each). Words of outage ("down", "refused", "killed": impact=outage, see impact.ts) clear it by
 * far (1.4 and 2.7 nats on the shipped model), as do "error rate" (1.0, 1.3) and "5xx"; words a
 * corpus merely correlates with critical do not: "activity" (0.9, from security rules, which
 * made "Starting Daily apt upgrade and clean activities" critical), "process" (0.9), "error"
 * (0.4: Sentry's everyday level), "service" (1.4 against warning but −0.2 against info: systemd's
 * "logrotate.service: Succeeded.").
 */
const FAILURE_WORD = 1;

/**
 * The bar for an alert someone set up (any source but log lines): one known word leaning critical
 * against warning and against info by a fifth of a nat. An alert rule was written because its
 * author cared, and other authors' words reach the model only weakly (held-out AUC ≈ 0.67), so
 * the strict bar of log lines would silence their outages: measured leaving each of five
 * ecosystems out of training, the strict bar kept 0.43 of their critical alerts critical, this one
 * 0.71 (the model alone 0.73), while keeping 0.50 of the others quiet (the model alone 0.47).
 * An alert whose words the model does not know at all ("zorblax quux") still shows nothing.
 */
const ALERT_WORD = 0.2;

/** Per model, each known feature's log-likelihood ratios critical-vs-warning and critical-vs-info. */
const ratios = new WeakMap<SeverityModel, Map<string, readonly [number, number]>>();
const NEUTRAL = [0, 0] as const;

function ratiosOf(model: SeverityModel, feature: string): readonly [number, number] {
  if (!model.knows(feature)) return NEUTRAL;
  let table = ratios.get(model);
  if (!table) ratios.set(model, (table = new Map()));
  let found = table.get(feature);
  if (found === undefined) {
    // P(class | feature alone) against the prior: the feature's own weight, whatever the prior.
    const p = model.probabilities([feature]);
    const [c, w, i] = model.settings.prior as [number, number, number];
    found = [Math.log(p[0]! / p[1]!) - Math.log(c / w), Math.log(p[0]! / p[2]!) - Math.log(c / i)];
    table.set(feature, found);
  }
  return found;
}

/** Features that are evidence of what happened: words and bigrams, and the alert's identity. */
function isWordEvidence(feature: string): boolean {
  return !isStructured(feature) || feature.startsWith(IDENTITY_PREFIX);
}

/**
 * How much evidence of impact an alert's words carry. Not the prior, the threshold or the
 * structured fields (source, status, level): those say how to lean, not that something failed.
 * - `strong`: at least one known word of failure, and the words taken together favour critical
 *   over warning and over info. The bar for a log line (a log stream carries anything) and under
 *   an ambiguous sender word (Sentry's everyday `error`). Both conditions matter: "Starting Daily
 *   apt upgrade and clean activities" has a word leaning critical ("activity") and routine words
 *   outweighing it; "Main process exited, code=killed" has "killed" and the rest agreeing.
 * - `some`: one known word leaning critical by ALERT_WORD: the bar for an alert someone set up.
 * - `none`: neither.
 */
export type FailureEvidence = 'strong' | 'some' | 'none';

export function failureEvidence(model: SeverityModel, features: readonly string[]): FailureEvidence {
  let strong = false;
  let some = false;
  let againstWarning = 0;
  let againstInfo = 0;
  for (const feature of features) {
    if (!isWordEvidence(feature)) continue;
    const [w, i] = ratiosOf(model, feature);
    againstWarning += w;
    againstInfo += i;
    if (w >= FAILURE_WORD && i >= FAILURE_WORD) strong = true;
    if (w >= ALERT_WORD && i >= ALERT_WORD) some = true;
  }
  if (strong && againstWarning > 0 && againstInfo > 0) return 'strong';
  return some ? 'some' : 'none';
}
