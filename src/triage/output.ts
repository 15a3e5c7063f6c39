import type { TriageResult } from '../core/alert.js';

/** The `--json` contract of `soloops triage`: one object per alert, in input order. */
export function triageJson(result: TriageResult, explain?: boolean) {
  const { alert } = result;
  return {
    id: alert.id,
    source: alert.source,
    service: alert.service,
    title: alert.title,
    status: alert.status,
    severity: result.severity,
    confidence: Math.round(result.confidence * 1000) / 1000,
    classifier: result.classifier,
    reason: result.reason,
    fingerprint: alert.fingerprint,
    receivedAt: alert.receivedAt,
    labels: alert.labels,
    ...(explain && { evidence: result.evidence ?? [] }),
  };
}

/**
 * `JSON.stringify(triageJson(result, explain))`, written out by hand: building that object and
 * stringifying it was a fifth of a 100k-alert run. Anything unusual (a field that is not a
 * string, a non-finite confidence) takes the exact slow path; the tests check the two agree.
 */
export function triageJsonLine(result: TriageResult, explain?: boolean): string {
  const { alert } = result;
  const { id, source, service, title, status, fingerprint, receivedAt } = alert;
  const { severity, classifier, reason } = result;
  const confidence = Math.round(result.confidence * 1000) / 1000;
  if (
    typeof id !== 'string' ||
    typeof source !== 'string' ||
    typeof service !== 'string' ||
    typeof title !== 'string' ||
    typeof status !== 'string' ||
    typeof severity !== 'string' ||
    typeof classifier !== 'string' ||
    typeof reason !== 'string' ||
    typeof fingerprint !== 'string' ||
    typeof receivedAt !== 'string' ||
    !Number.isFinite(confidence) ||
    typeof alert.labels !== 'object'
  ) {
    return JSON.stringify(triageJson(result, explain));
  }
  return (
    `{"id":${s(id)},"source":${s(source)},"service":${s(service)},"title":${s(title)},"status":${s(status)}` +
    `,"severity":${s(severity)},"confidence":${confidence},"classifier":${s(classifier)},"reason":${s(reason)}` +
    `,"fingerprint":${s(fingerprint)},"receivedAt":${s(receivedAt)},"labels":${JSON.stringify(alert.labels)}` +
    (explain ? `,"evidence":${JSON.stringify(result.evidence ?? [])}}` : '}')
  );
}

/** What JSON.stringify escapes in a string: quote, backslash, control characters, lone surrogates. */
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;

/** JSON.stringify of a string, skipping the call for the common string that needs no escape (a third of the cost). */
function s(value: string): string {
  return NEEDS_ESCAPE.test(value) ? JSON.stringify(value) : `"${value}"`;
}
