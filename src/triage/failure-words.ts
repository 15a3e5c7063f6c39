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
 * Evidence of impact in an alert's words: at least one known word of failure, and the words
 * taken together favour critical over warning and over info. Not the prior, the threshold or the
 * structured fields (source, status, level): those say how to lean, not that something failed.
 * Both conditions matter: "Starting Daily apt upgrade and clean activities" has a word leaning
 * critical ("activity") and routine words outweighing it; "Main process exited, code=killed"
 * has "killed" and the rest agreeing.
 */
export function showsFailure(model: SeverityModel, features: readonly string[]): boolean {
  let strong = false;
  let againstWarning = 0;
  let againstInfo = 0;
  for (const feature of features) {
    if (!isWordEvidence(feature)) continue;
    const [w, i] = ratiosOf(model, feature);
    againstWarning += w;
    againstInfo += i;
    if (w >= FAILURE_WORD && i >= FAILURE_WORD) strong = true;
  }
  return strong && againstWarning > 0 && againstInfo > 0;
}
