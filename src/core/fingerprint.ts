import { hash } from 'node:crypto';

/**
 * Removes what changes between two firings of the same alert: UUIDs, hex ids, IPs, timestamps,
 * durations and plain numbers. "disk 91% full on /dev/sda1 at 12:03" and "disk 93% full on
 * /dev/sda1 at 12:09" normalize to the same text.
 */
export function normalizeForFingerprint(text: string): string {
  const lower = text.toLowerCase();
  // Every pattern below needs a digit; most titles have none, and this runs 100k times a second.
  if (!HAS_DIGIT.test(lower)) return lower.replace(SPACES, ' ').trim();
  return lower
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, '<uuid>')
    .replace(/\b\d{4}-\d{2}-\d{2}[t ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(z|[+-]\d{2}:?\d{2})?/g, '<time>')
    .replace(/\b\d{1,2}:\d{2}(:\d{2})?\b/g, '<time>')
    .replace(/\b\d{1,3}(\.\d{1,3}){3}(:\d+)?\b/g, '<ip>')
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
  const text = parts.map((p) => normalizeForFingerprint(p ?? '')).join('\u0000');
  return hash('sha256', text, 'hex').slice(0, 16);
}
