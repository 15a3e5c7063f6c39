import { hash } from 'node:crypto';

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
  const text = parts.map((p) => normalizeForFingerprint(p ?? '')).join('\u0000');
  // The same alert firing again normalizes to the same text: hash each distinct text once.
  let value = hashes.get(text);
  if (value === undefined) {
    value = hash('sha256', text, 'hex').slice(0, 16);
    // Bounded in count and in size: a stream of unique or huge alerts just misses.
    if (text.length <= MAX_CACHED_LENGTH) {
      if (hashes.size >= MAX_CACHED) hashes.clear();
      hashes.set(text, value);
    }
  }
  return value;
}

const MAX_CACHED = 10_000;
/** Longer texts are hashed every time: 10,000 cached megabyte titles would be 10 GB. */
const MAX_CACHED_LENGTH = 2_048;
const hashes = new Map<string, string>();

/** How much of a text a person can read (see `readability`). */
export type Readability = 'readable' | 'wordless' | 'binary';

/**
 * `binary` when a quarter or more of the visible characters are control characters or U+FFFD
 * (binary bytes decoded as UTF-8 are about half that); else `wordless` when no word of three or
 * more letters is in it (only numbers, punctuation, "ok"); else `readable`. A stray replacement
 * character (a Latin-1 name in a UTF-8 log) or an ANSI colour escape leaves a line readable;
 * letters of any script count.
 */
export function readability(text: string): Readability {
  // Most lines are printable ASCII: then only the words matter, and a regex finds one fastest.
  if (!NOT_PRINTABLE_ASCII.test(text)) return ASCII_WORD.test(text) ? 'readable' : 'wordless';
  let visible = 0;
  let bad = 0;
  let run = 0;
  let hasWord = false;
  for (const char of text) {
    const code = char.codePointAt(0)!;
    const letter = code < 128 ? (code | 32) >= 97 && (code | 32) <= 122 : code >= 0xc0 && code !== 0xfffd && LETTER.test(char);
    run = letter ? run + 1 : 0;
    if (run >= MIN_WORD) hasWord = true;
    if (code === 32 || code === 9) continue;
    visible++;
    // Control characters (ESC aside: coloured logs keep theirs) and the replacement character.
    if ((code < 32 && code !== 27) || (code >= 0x7f && code <= 0x9f) || code === 0xfffd) bad++;
  }
  return bad * 4 >= visible ? 'binary' : hasWord ? 'readable' : 'wordless';
}

/**
 * True for text that identifies nothing (binary or wordless, see `readability`): a source
 * fingerprints it as one `UNREADABLE` bucket instead of one group per line.
 */
export function isUnreadableText(text: string): boolean {
  return readability(text) !== 'readable';
}

/** Shorter letter runs are not words here: random bytes are full of two-letter ones ("Qx", "kI"). */
const MIN_WORD = 3;
const NOT_PRINTABLE_ASCII = /[^\t\x20-\x7e]/;
const ASCII_WORD = new RegExp(`[A-Za-z]{${MIN_WORD}}`);
const LETTER = /^[\p{L}\p{M}]$/u;

/** What an `isUnreadableText` line is fingerprinted by, in place of its text. */
export const UNREADABLE = '<unreadable>';
