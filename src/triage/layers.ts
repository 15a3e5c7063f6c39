// The verdicts of the layers after the person's rules (see classifyLocally): their feedback, the
// sender's severity word, the model, and a text line nobody can read. Each says in its reason
// what decided.
import type { NormalizedAlert, Severity, TriageResult } from '../core/alert.js';
import type { SenderSeverity } from '../core/severity-vocabulary.js';
import { correctionReason, type Correction } from './corrections.js';
import type { SeverityModel } from './model.js';
import type { SenderReading } from './sender.js';
import { verdictOf, type CachedVerdict } from './verdict-cache.js';

/** Layer 3: the person said what this type of alert is; that holds until they say otherwise. */
export function feedbackVerdict(alert: NormalizedAlert, correction: Correction, timeZone?: string): TriageResult {
  const reason = correctionReason(correction, timeZone);
  return { alert, severity: correction.severity, confidence: 1, classifier: 'feedback', reason };
}

/**
 * How sure the model must be to be worth a mention beside the sender's verdict: it would wake
 * the person (P(critical) ≥ 0.8) where the sender says it can wait, or it all but rules out
 * critical (P(critical) ≤ 0.05) where the sender says wake.
 */
const SURE_CRITICAL = 0.8;
const SURE_NOT_CRITICAL = 0.05;

/**
 * Layer 4: the sender's word is the verdict. The model still reads the alert's words (without
 * the sender's severity, which would only echo it), and the reason says when it strongly disagrees:
 * `source: labels.severity=warning (the model would call this critical, 0.91)`.
 */
export function senderVerdict(alert: NormalizedAlert, sender: SenderReading, model: SeverityModel): TriageResult {
  const severity = (sender.reading as Extract<SenderSeverity, { kind: 'verdict' }>).severity;
  const note = disagreement(severity, verdictOf(model, alert, true));
  const reason = note === null ? `source: ${sender.quote}` : `source: ${sender.quote} (${note})`;
  return { alert, severity, confidence: 1, classifier: 'source', reason };
}

function disagreement(severity: Severity, { prediction }: CachedVerdict): string | null {
  const p = prediction.probabilities;
  if (severity !== 'critical' && p.critical >= SURE_CRITICAL) {
    return `the model would call this critical, ${p.critical.toFixed(2)}`;
  }
  if (severity === 'critical' && p.critical <= SURE_NOT_CRITICAL) {
    const other: Severity = p.warning >= p.info ? 'warning' : 'info';
    return `the model would call this ${other}, ${p[other].toFixed(2)}`;
  }
  return null;
}

/**
 * Layer 5: the model decides, within what the evidence allows.
 * - An ambiguous sender word (error, high: a verdict in one tool, the everyday level in another)
 *   says something happened: never info. Between critical and warning the model decides, leaning
 *   critical as always, but only on a known word of failure.
 * - Without a sender's verdict and without a known word of failure there is no evidence of impact:
 *   what the model would call critical (by its lean or its prior) goes to the digest as a warning.
 * - A word that is not in the vocabulary table is a hint the model weighs (`sev:` feature); the
 *   reason names it.
 */
export function modelVerdict(
  alert: NormalizedAlert,
  verdict: CachedVerdict,
  sender: SenderReading,
  model: SeverityModel,
): TriageResult {
  const { prediction } = verdict;
  const p = prediction.probabilities;
  const evidence = prediction.evidence;
  const { kind } = sender.reading;
  // A log line, or an ambiguous sender word, needs a strong word of failure; an alert, some.
  const showsFailure =
    kind === 'ambiguous' || alert.source === 'text' ? verdict.failure === 'strong' : verdict.failure !== 'none';
  if (kind === 'ambiguous') {
    const critical = p.critical / (p.critical + p.warning);
    if (showsFailure && critical >= model.settings.criticalThreshold) {
      const reason = `${verdict.reason}; ${sender.quote} is ambiguous`;
      return { alert, severity: 'critical', confidence: critical, classifier: 'model', reason, evidence };
    }
    const why = showsFailure ? 'the words lean warning' : 'no evidence of impact in its words';
    const reason = `model: ${sender.quote} is ambiguous and ${why}: warning`;
    // The model's features are shown only when they argued for this verdict, not for critical.
    const shown = prediction.severity === 'warning' ? evidence : [];
    return { alert, severity: 'warning', confidence: 1 - critical, classifier: 'model', reason, evidence: shown };
  }
  const hint = kind === 'unknown' ? `; ${sender.quote} is no known severity word (a hint)` : '';
  if (prediction.severity === 'critical' && !showsFailure) {
    const reason =
      `model: no evidence of impact in its words (no known word of failure), so warning, ` +
      `not critical ${p.critical.toFixed(2)}${hint}`;
    // No evidence: the features that leaned critical are not shown as if they had decided.
    return { alert, severity: 'warning', confidence: 1 - p.critical, classifier: 'model', reason, evidence: [] };
  }
  return {
    alert,
    severity: prediction.severity,
    confidence: prediction.confidence,
    classifier: 'model',
    reason: hint === '' ? verdict.reason : verdict.reason + hint,
    evidence,
  };
}

/**
 * A text line the model has no word for, or binary bytes. The model leans critical when unsure,
 * which is right for an alert someone set up with words of failure in it, but a log stream
 * carries anything (issue 13: random bytes became 4,030 critical groups in one run), and a line
 * without one known word is no evidence of an outage: info, or warning under an ambiguous level
 * word (ERROR). A level word that reads as a verdict (FATAL, WARN) decided before this. Confidence
 * 0.5: the optional LLM may still raise it, asked once per group since such lines share a
 * fingerprint when unreadable.
 */
export function unknownLine(alert: NormalizedAlert, why: string, sender: SenderSeverity): TriageResult {
  const level = alert.severityText === null ? '' : `; level ${alert.severityText}`;
  return {
    alert,
    severity: sender.kind === 'ambiguous' ? 'warning' : 'info',
    confidence: 0.5,
    classifier: 'model',
    reason: `${why}${level}`,
    evidence: [],
  };
}
