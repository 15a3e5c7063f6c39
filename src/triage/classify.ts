import type { NormalizedAlert, Severity, TriageResult } from '../core/alert.js';
import type { SeverityModel } from './model.js';
import { firstMatchingRule, type CompiledRule } from './rules.js';
import { verdictOf } from './verdict-cache.js';

/** Something that may raise a verdict: the optional LLM layer (see llm.ts). */
export interface SecondOpinion {
  classify(alert: NormalizedAlert, local: { severity: Severity; confidence: number }): Promise<{ severity: Severity; confidence: number; reason: string } | null>;
}

/**
 * The offline layers, in order: a resolved alert is info; else the person's first matching rule;
 * else the local model. Synchronous and allocation-light: it runs once per alert at 100k/s.
 */
export function classifyLocally(alert: NormalizedAlert, rules: CompiledRule[], model: SeverityModel): TriageResult {
  if (alert.status === 'resolved') {
    return { alert, severity: 'info', confidence: 1, classifier: 'status', reason: 'resolved' };
  }
  const rule = firstMatchingRule(rules, alert);
  if (rule) return { alert, severity: rule.severity, confidence: 1, classifier: 'rule', reason: `rule ${rule.name}` };
  const { prediction, reason } = verdictOf(model, alert);
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
 * Layer 3: asks the second opinion only about model verdicts below `belowConfidence` that are
 * not already critical. It may raise a verdict; it never lowers one, and any failure (null)
 * leaves the local verdict standing.
 */
export async function reconsider(result: TriageResult, opinion: SecondOpinion, belowConfidence: number): Promise<TriageResult> {
  if (result.classifier !== 'model' || result.severity === 'critical' || result.confidence >= belowConfidence) return result;
  const answer = await opinion.classify(result.alert, result);
  if (!answer) return result;
  const raises = answer.severity === 'critical' || (answer.severity === 'warning' && result.severity === 'info');
  if (!raises) return result;
  return { ...result, severity: answer.severity, confidence: answer.confidence, classifier: 'llm', reason: `llm: ${answer.reason}` };
}
