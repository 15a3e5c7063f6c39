import type { NormalizedAlert, Severity, TriageResult } from '../core/alert.js';
import { readability } from '../core/text.js';
import type { SeverityModel } from './model.js';
import { firstMatchingRule, type CompiledRule } from './rules.js';
import { verdictOf } from './verdict-cache.js';

/** Something that may raise a verdict: the optional LLM layer (see llm.ts). */
export interface SecondOpinion {
  classify(
    alert: NormalizedAlert,
    local: { severity: Severity; confidence: number },
  ): Promise<{ severity: Severity; confidence: number; reason: string } | null>;
}

/**
 * The offline layers, in order: a resolved alert is info; else the person's first matching rule;
 * else, for a text line whose message has no known word or is unreadable bytes, its level word
 * or info (see unknownLine); else the local model. Synchronous and allocation-light: it runs once
 * per alert at 100k/s.
 */
export function classifyLocally(alert: NormalizedAlert, rules: CompiledRule[], model: SeverityModel): TriageResult {
  if (alert.status === 'resolved') {
    return { alert, severity: 'info', confidence: 1, classifier: 'status', reason: 'resolved' };
  }
  const rule = firstMatchingRule(rules, alert);
  if (rule) return { alert, severity: rule.severity, confidence: 1, classifier: 'rule', reason: `rule ${rule.name}` };
  if (alert.source === 'text' && readability(alert.title) === 'binary') return unknownLine(alert, 'unreadable text');
  const { prediction, reason, knowsTitleWords } = verdictOf(model, alert);
  if (alert.source === 'text' && !knowsTitleWords) return unknownLine(alert, 'no known words');
  return {
    alert,
    severity: prediction.severity,
    confidence: prediction.confidence,
    classifier: 'model',
    reason,
    evidence: prediction.evidence,
  };
}

/**
 * A text line the model has no word for, or binary bytes. The model leans critical when unsure
 * (the prior puts an alert it knows nothing about over the threshold), which is right for a
 * webhook someone set up to alert, but a log stream carries anything (issue 13: random bytes
 * became 4,030 critical groups in one run), and a line without one known word is no evidence of
 * an outage. Its level word, when it has one, still counts (FATAL stays critical, ERROR is a
 * warning); else it is info. Confidence 0.5: the optional LLM may still raise it, asked once per
 * group since such lines share a fingerprint when unreadable.
 */
function unknownLine(alert: NormalizedAlert, why: string): TriageResult {
  const level = alert.severityText === null ? '' : `; level ${alert.severityText}`;
  return {
    alert,
    severity: alert.severityHint ?? 'info',
    confidence: 0.5,
    classifier: 'model',
    reason: `${why}${level}`,
    evidence: [],
  };
}

/**
 * Layer 3: asks the second opinion only about model verdicts below `belowConfidence` that are
 * not already critical. It may raise a verdict; it never lowers one, and any failure (null)
 * leaves the local verdict standing.
 */
export async function reconsider(
  result: TriageResult,
  opinion: SecondOpinion,
  belowConfidence: number,
): Promise<TriageResult> {
  if (result.classifier !== 'model' || result.severity === 'critical' || result.confidence >= belowConfidence)
    return result;
  const answer = await opinion.classify(result.alert, result);
  if (!answer) return result;
  const raises = answer.severity === 'critical' || (answer.severity === 'warning' && result.severity === 'info');
  if (!raises) return result;
  return {
    ...result,
    severity: answer.severity,
    confidence: answer.confidence,
    classifier: 'llm',
    reason: `llm: ${answer.reason}`,
  };
}
