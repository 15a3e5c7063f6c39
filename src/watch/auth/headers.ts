/**
 * Header lookup for the auth checks. Node lowercases incoming header names, but the server's
 * tests and other adapters may not, so names are matched case-insensitively here once.
 */
import { webhookChecks } from '../../sources/registry.js';

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

/**
 * Headers and query parameters that carry a credential; each must appear at most once. Besides
 * the token's and Twilio's, each source's check names its own (Sentry's signature header).
 */
const CREDENTIAL_HEADERS = new Set([
  'authorization',
  'x-twilio-signature',
  ...webhookChecks.flatMap((check) => check.credentialHeaders),
]);
const CREDENTIAL_PARAMS = ['token', 'sig'];

/**
 * The credential a request gives more than once, or undefined. Node keeps only the first of a
 * repeated `Authorization` header, so the raw header list is what shows the repetition; a proxy
 * and a client that disagree about the credential must not be settled by whichever came first.
 */
export function repeatedCredential(rawHeaders: readonly string[] | undefined, query: unknown): string | undefined {
  const seen = new Set<string>();
  for (let i = 0; rawHeaders && i < rawHeaders.length; i += 2) {
    const name = rawHeaders[i]!.toLowerCase();
    if (!CREDENTIAL_HEADERS.has(name)) continue;
    if (seen.has(name)) return `the ${name} header is repeated`;
    seen.add(name);
  }
  const params = (query ?? {}) as Record<string, unknown>;
  const repeated = CREDENTIAL_PARAMS.find((name) => Array.isArray(params[name]));
  return repeated ? `the ${repeated} query parameter is repeated` : undefined;
}
