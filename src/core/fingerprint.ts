import { hash } from 'node:crypto';
import { BoundedMemo, BoundedPathMemo } from './bounded-memo.js';

/**
 * Removes what changes between two firings of the same alert: UUIDs, hex ids, IPs, timestamps,
 * durations and plain numbers. "disk 91% full on /dev/sda1 at 12:03" and "disk 93% full on
 * /dev/sda1 at 12:09" normalize to the same text.
 */
export function normalizeForFingerprint(text: string): string {
  let out = text.toLowerCase();
  // Every pattern below needs a digit; most titles have none, and this runs 100k times a second.
  // The same goes for the characters each pattern cannot match without (checked before the
  // regex scans the text): skipping a pattern that cannot match changes nothing.
  if (!HAS_DIGIT.test(out)) return out.replace(SPACES, ' ').trim();
  if (out.includes('-')) {
    out = out
      .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, '<uuid>')
      .replace(/\b\d{4}-\d{2}-\d{2}[t ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(z|[+-]\d{2}:?\d{2})?/g, '<time>');
  }
  if (out.includes(':')) out = out.replace(/\b\d{1,2}:\d{2}(:\d{2})?\b/g, '<time>');
  if (out.includes('.')) out = out.replace(/\b\d{1,3}(\.\d{1,3}){3}(:\d+)?\b/g, '<ip>');
  return out
    .replace(/\b(?=[0-9a-f]*\d)[0-9a-f]{7,}\b/g, '<hex>')
    .replace(/\d+(\.\d+)?/g, '<n>')
    .replace(SPACES, ' ')
    .trim();
}

const HAS_DIGIT = /\d/;
const SPACES = /\s+/g;

/**
 * A stable fingerprint from the parts that identify an alert (source, service, title, sorted
 * identifying labels). Sources that carry their own (Alertmanager) may pass it as a part.
 */
export function fingerprint(parts: Array<string | undefined | null>): string {
  // The very same parts again (the same title from the same service) are found before any
  // normalizing: that ran several regular expressions per part, for every alert.
  const given = parts.map((part) => part ?? '');
  let value = byParts.get(given);
  if (value !== undefined) return value;
  const text = given.map(normalizeForFingerprint).join('\u0000');
  // The same alert firing again normalizes to the same text: hash each distinct text once.
  value = hashes.get(text);
  if (value === undefined) {
    value = hash('sha256', text, 'hex').slice(0, 16);
    hashes.set(text, value);
  }
  byParts.set(given, value);
  return value;
}

/** A stream of unique alerts just misses; a text over 2 KB is hashed every time. */
const hashes = new BoundedMemo<string>(10_000, 2_048);
/** Fingerprints by the parts as given (null and undefined normalize as ''). */
const byParts = new BoundedPathMemo<string>(10_000, 2_048);

/** What an `isUnreadableText` line is fingerprinted by, in place of its text. */
export const UNREADABLE = '<unreadable>';
