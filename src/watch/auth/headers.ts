/**
 * Header lookup for the auth checks. Node lowercases incoming header names, but the server's
 * tests and other adapters may not, so names are matched case-insensitively here once.
 */

/** Request headers as Node's `IncomingMessage.headers` presents them. */
export type Headers = Record<string, string | string[] | undefined>;

/**
 * The single value of a header, or undefined when it is absent, empty or repeated. A repeated
 * credential header is ambiguous (a proxy and a client disagree), so it counts as missing.
 */
export function headerValue(headers: Headers, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const key of Object.keys(headers)) {
    if (key.toLowerCase() !== wanted) continue;
    const value = headers[key];
    const single = Array.isArray(value) ? (value.length === 1 ? value[0] : undefined) : value;
    const trimmed = single?.trim();
    return trimmed ? trimmed : undefined;
  }
  return undefined;
}
