import type { AlertOrigin, Severity } from './alert.js';

/**
 * STUB (issue 15, to be filled in by the sources/vocabulary work): the sender's severity
 * vocabulary as data, and how a sender's word reads.
 *
 * - `verdict`: the word maps cleanly (critical/warning/info) — the sender decides.
 * - `ambiguous`: the word means different things in different tools (error, high, major): the
 *   model decides, with the word as a strong feature.
 * - `unknown`: not a word of the table: a hint the model weighs; `--explain` names it.
 * - `none`: the field carries no severity at all (CloudWatch's ALARM state).
 */
export type SenderSeverity =
  | { kind: 'verdict'; severity: Severity; word: string }
  | { kind: 'ambiguous'; word: string }
  | { kind: 'unknown'; word: string }
  | { kind: 'none' };

/**
 * The person's `triage.severity_map`: word → severity; a key may be qualified by source
 * (`sentry:error`). Keys are compared trimmed and lower-cased.
 */
export type SeverityOverrides = Readonly<Record<string, Severity>>;

const WORDS: Record<string, Severity> = {
  critical: 'critical',
  warning: 'warning',
  info: 'info',
};

/** How `text`, the sender's own severity word from `source`, reads (see SenderSeverity). */
export function readSenderSeverity(
  text: string | null,
  source: AlertOrigin,
  overrides: SeverityOverrides = {},
): SenderSeverity {
  if (text === null) return { kind: 'none' };
  const word = text.trim().toLowerCase();
  if (word === '') return { kind: 'none' };
  const override = overrides[`${source}:${word}`] ?? overrides[word];
  if (override) return { kind: 'verdict', severity: override, word };
  const severity = WORDS[word];
  return severity ? { kind: 'verdict', severity, word } : { kind: 'unknown', word };
}
