import type { NormalizedAlert, Severity, SourceName, TriageResult } from '../core/alert.js';
import type { SeverityOverrides } from '../core/severity-vocabulary.js';
import { readability } from '../core/text.js';
import type { Corrections } from './corrections.js';
import { feedbackVerdict, modelVerdict, senderVerdict, unknownLine } from './layers.js';
import type { SeverityModel } from './model.js';
import { firstMatchingRule, type CompiledRule } from './rules.js';
import { readSender } from './sender.js';
import { verdictOf } from './verdict-cache.js';

/** Something that may raise a verdict: the optional LLM layer (see llm.ts). */
export interface SecondOpinion {
  classify(
    alert: NormalizedAlert,
    local: { severity: Severity; confidence: number },
  ): Promise<{ severity: Severity; confidence: number; reason: string } | null>;
}

/**
 * The offline layers of one run: the person's rules and corrections, their reading of senders'
 * severity words (`triage.severity_map`), the active model, and a forced source (`--source`).
 */
export interface LocalTriage {
  rules: CompiledRule[];
  corrections: Corrections;
  severityMap: SeverityOverrides;
  model: SeverityModel;
  source?: SourceName | undefined;
  /** The person's time zone (IANA), for the dates feedback reasons quote; UTC when absent. */
  timeZone?: string | undefined;
}

/**
 * The offline layers, in order; the first that knows decides:
 *  1. a resolved alert is info (`status`);
 *  2. the person's first matching rule (`rule`);
 *  3. the person's verdict on this type of alert (`feedback`);
 *  4. the sender's own severity word, when it reads as a verdict (`source`; the model still runs
 *     and the reason says when it strongly disagrees);
 *  5. the local model (`model`): an ambiguous sender word (error, high) keeps it between critical
 *     and warning, and without evidence of impact (no known words of failure) it calls nothing
 *     critical. A text line without one known word (or of unreadable bytes) is no evidence
 *     either: info, or warning under an ambiguous level word (see unknownLine).
 * Synchronous and allocation-light: it runs once per alert at 100k/s.
 */
export function classifyLocally(alert: NormalizedAlert, local: LocalTriage): TriageResult {
  if (alert.status === 'resolved') {
    return { alert, severity: 'info', confidence: 1, classifier: 'status', reason: 'resolved' };
  }
  const rule = firstMatchingRule(local.rules, alert);
  if (rule) return { alert, severity: rule.severity, confidence: 1, classifier: 'rule', reason: `rule ${rule.name}` };
  const correction = local.corrections.find(alert);
  if (correction) return feedbackVerdict(alert, correction, local.timeZone);
  const sender = readSender(alert, local.severityMap);
  if (sender.reading.kind === 'verdict') return senderVerdict(alert, sender, local.model);
  if (alert.source === 'text' && readability(alert.title) === 'binary') {
    return unknownLine(alert, 'unreadable text', sender.reading);
  }
  const verdict = verdictOf(local.model, alert);
  if (alert.source === 'text' && !verdict.knowsTitleWords) return unknownLine(alert, 'no known words', sender.reading);
  return modelVerdict(alert, verdict, sender, local.model);
}

/**
 * Layer 6: asks the second opinion only about model verdicts below `belowConfidence` that are
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
