import type { TriageResult } from '../core/alert.js';
import { BoundedMemo } from '../core/bounded-memo.js';

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
  // Few pieces: a line made of many short strings costs more to join into the output than to
  // write. The verdict's part is the same for every alert the same verdict decided.
  return (
    `{"id":${s(id)},"source":${sourcePart(source)}${s(service)},"title":${s(title)}` +
    `${verdictPart(status, severity, confidence, classifier, reason)}${shared(fingerprint)}` +
    `,"receivedAt":${shared(receivedAt)},"labels":${JSON.stringify(alert.labels)}` +
    (explain ? `,"evidence":${JSON.stringify(result.evidence ?? [])}}` : '}')
  );
}

/** `"generic","service":`, one string per source. */
const sourceParts = new Map<string, string>();
function sourcePart(source: string): string {
  let part = sourceParts.get(source);
  if (part === undefined) {
    part = `${s(source)},"service":`;
    if (sourceParts.size < 64) sourceParts.set(source, part);
  }
  return part;
}

/** `,"status":…,"severity":…,"confidence":…,"classifier":…,"reason":…,"fingerprint":` as one string. */
interface VerdictPart {
  status: string;
  severity: string;
  confidence: number;
  classifier: string;
  text: string;
}
/** By reason: a reason string is shared by every alert its verdict decided (see verdict-cache.ts). */
const verdictParts = new BoundedMemo<VerdictPart>(20_000, 1_024);
function verdictPart(status: string, severity: string, confidence: number, classifier: string, reason: string): string {
  const found = verdictParts.get(reason);
  if (
    found !== undefined &&
    found.status === status &&
    found.severity === severity &&
    found.confidence === confidence &&
    found.classifier === classifier
  ) {
    return found.text;
  }
  const text =
    `,"status":${s(status)},"severity":${s(severity)},"confidence":${confidence}` +
    `,"classifier":${s(classifier)},"reason":${s(reason)},"fingerprint":`;
  verdictParts.set(reason, { status, severity, confidence, classifier, text });
  return text;
}

/** What JSON.stringify escapes in a string: quote, backslash, control characters, lone surrogates. */
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;

/** JSON.stringify of a string, skipping the call for the common string that needs no escape (a third of the cost). */
function s(value: string): string {
  return NEEDS_ESCAPE.test(value) ? JSON.stringify(value) : `"${value}"`;
}

/**
 * s() of the strings many results share (a source, a severity, a verdict's reason, a fingerprint
 * memoized by its source), found again instead of scanned again. Bounded like every memo of text
 * a sender chooses.
 */
const quoted = new BoundedMemo<string>(20_000, 1_024);
function shared(value: string): string {
  let found = quoted.get(value);
  if (found === undefined) {
    found = s(value);
    quoted.set(value, found);
  }
  return found;
}
