import type { NormalizedAlert } from '../core/alert.js';
import { BoundedMemo } from '../core/bounded-memo.js';
import { readSenderSeverity, type SenderSeverity, type SeverityOverrides } from '../core/severity-vocabulary.js';

/** How the sender's severity word of an alert reads, with the words a reason quotes. */
export interface SenderReading {
  reading: SenderSeverity;
  /** Where the word was and what it said, as reasons quote it: `labels.severity=critical`. */
  quote: string;
}

const NONE: SenderReading = { reading: { kind: 'none' }, quote: '' };

/**
 * Readings by severity map, source, field and word: a stream repeats a handful of words, and
 * reading one (trimming, lower-casing, the table and the person's map) costs more than finding
 * it again. Bounded like every memo of sender-chosen text.
 */
const memos = new WeakMap<SeverityOverrides, BoundedMemo<SenderReading>>();

/** The sender's severity of `alert` as `triage.severity_map` and the shipped table read it. */
export function readSender(alert: NormalizedAlert, severityMap: SeverityOverrides): SenderReading {
  const text = alert.severityText;
  if (text === null || text === '') return NONE;
  let memo = memos.get(severityMap);
  if (!memo) memos.set(severityMap, (memo = new BoundedMemo(2_000, 200)));
  const field = alert.severityField ?? 'severity';
  // NUL cannot occur in a source name or a field name, so the key is unambiguous.
  const key = `${alert.source}\u0000${field}\u0000${text}`;
  let found = memo.get(key);
  if (found === undefined) {
    found = { reading: readSenderSeverity(text, alert.source, severityMap), quote: `${field}=${text.trim()}` };
    memo.set(key, found);
  }
  return found;
}
