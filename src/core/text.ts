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
  const entries = Object.entries(labels);
  if (!entries.some(([key, value]) => key.includes('\u0000') || value.includes('\u0000'))) return labels;
  return Object.fromEntries(entries.map(([key, value]) => [withoutNul(key), withoutNul(value)]));
}
