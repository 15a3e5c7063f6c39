/**
 * NUL cannot be stored in a PostgreSQL text column ("invalid byte sequence for encoding UTF8:
 * 0x00"), and no alert means anything by it. It becomes U+FFFD, the replacement character,
 * so the text stays visibly altered rather than silently shortened.
 */
export function withoutNul(text: string): string {
  return text.includes('\u0000') ? text.replaceAll('\u0000', '\uFFFD') : text;
}

/** A string map (labels) with NUL replaced in keys and values; the same object when there is none. */
export function labelsWithoutNul(labels: Record<string, string>): Record<string, string> {
  // Runs on every alert: look without allocating, copy only when there is a NUL.
  for (const key in labels) {
    if (key.includes('\u0000') || labels[key]!.includes('\u0000')) {
      return Object.fromEntries(Object.entries(labels).map(([k, value]) => [withoutNul(k), withoutNul(value)]));
    }
  }
  return labels;
}

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
    const letter =
      code < 128 ? (code | 32) >= 97 && (code | 32) <= 122 : code >= 0xc0 && code !== 0xfffd && LETTER.test(char);
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
