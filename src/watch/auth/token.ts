/**
 * Shared-token authentication for webhook sources that can only send a fixed secret
 * (Alertmanager, Grafana, Uptime Kuma, custom scripts): `Authorization: Bearer …` or `?token=…`.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { headerValue, type Headers } from './headers.js';

const sha256 = (value: string): Buffer => createHash('sha256').update(value, 'utf8').digest();

/**
 * True when `presented` equals `expected`, compared in constant time. Both sides are hashed
 * first so the comparison always runs over 32 bytes: the token's length does not leak and
 * unequal lengths do not throw. An empty expected token never matches, so a blank secret in
 * the config cannot open the endpoint to anyone who sends an empty one.
 */
export function tokenMatches(expected: string, presented: string | undefined): boolean {
  if (expected === '' || presented === undefined) return false;
  return timingSafeEqual(sha256(expected), sha256(presented));
}

/**
 * The token a request presents: the `Authorization: Bearer` credential, else the `token` query
 * parameter (for senders that cannot set headers). The scheme name is case-insensitive (RFC 7235).
 */
export function presentedToken(headers: Headers, query: Record<string, unknown>): string | undefined {
  const authorization = headerValue(headers, 'authorization');
  const bearer = authorization === undefined ? undefined : /^Bearer\s+(\S+)$/i.exec(authorization)?.[1];
  if (bearer !== undefined) return bearer;
  // A repeated `?token=` arrives as an array: not a token (repeatedCredential refuses it first).
  const fromQuery = query.token;
  return typeof fromQuery === 'string' && fromQuery !== '' ? fromQuery : undefined;
}
