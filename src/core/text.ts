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
