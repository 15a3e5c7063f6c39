/**
 * The console's cookies (names, flags) and its CSRF token. The page sends the session cookie on
 * every request; a write must also carry `X-CSRF-Token`, the value of the readable `soloops_csrf`
 * cookie. That value is derived from the session's access token (a hash), so it changes with every
 * login and refresh, and the server checks it against the session cookie itself: a cookie planted by
 * a sibling site cannot pair with a header of the attacker's choosing.
 */
import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { fastifyCookie } from '@fastify/cookie';
import { headerValue } from '../auth/headers.js';
import { tokenMatches } from '../auth/token.js';

export const SESSION_COOKIE = 'soloops_session';
export const REFRESH_COOKIE = 'soloops_refresh';
export const CSRF_COOKIE = 'soloops_csrf';
export const CSRF_HEADER = 'x-csrf-token';
/** The refresh cookie goes only to the auth routes (refresh, logout), never to the rest of the API. */
export const REFRESH_PATH = '/api/auth';

/** The CSRF token of the session whose access token is `accessToken`. */
export function csrfFor(accessToken: string): string {
  return createHash('sha256').update(`soloops-csrf\0${accessToken}`, 'utf8').digest('base64url');
}

/** True when the request's X-CSRF-Token is the one of `accessToken`'s session (constant time). */
export function csrfMatches(request: FastifyRequest, accessToken: string): boolean {
  return tokenMatches(csrfFor(accessToken), headerValue(request.headers, CSRF_HEADER));
}

/** Methods that change something: cookie-authenticated ones need the CSRF header. */
export function unsafeMethod(method: string): boolean {
  return !['GET', 'HEAD', 'OPTIONS'].includes(method.toUpperCase());
}

/**
 * A cookie of the request. @fastify/cookie parses them when the console is served; the API also
 * runs without it (no console), so then the header is parsed here with the same library's parser.
 */
export function cookieOf(request: FastifyRequest, name: string): string | undefined {
  const parsed = (request as { cookies?: Record<string, string | undefined> }).cookies;
  if (parsed && name in parsed) return parsed[name] || undefined;
  const header = headerValue(request.headers, 'cookie');
  return header ? fastifyCookie.parse(header)[name] || undefined : undefined;
}

/** Whether cookies get the Secure flag: `console.secure_cookies`, with `auto` meaning "this request came over TLS". */
export function secureCookies(request: FastifyRequest, setting: 'auto' | 'always' | 'never'): boolean {
  return setting === 'always' || (setting === 'auto' && request.protocol === 'https');
}

/** The tokens of a session just made or rotated, and when its refresh ends (every cookie lasts that long). */
export interface IssuedTokens {
  accessToken: string;
  refreshToken: string;
  refreshExpiresAt: Date;
}

/**
 * Sets the three cookies (needs @fastify/cookie, registered by registerConsole). They last until
 * the session's end: the server refuses an expired access token itself, with a message saying why.
 */
export function setSessionCookies(reply: FastifyReply, tokens: IssuedTokens, secure: boolean): void {
  const common = { sameSite: 'strict' as const, secure, expires: tokens.refreshExpiresAt };
  reply.setCookie(SESSION_COOKIE, tokens.accessToken, { ...common, httpOnly: true, path: '/' });
  reply.setCookie(REFRESH_COOKIE, tokens.refreshToken, { ...common, httpOnly: true, path: REFRESH_PATH });
  reply.setCookie(CSRF_COOKIE, csrfFor(tokens.accessToken), { ...common, httpOnly: false, path: '/' });
}

/** Removes the three cookies (logout, or a refresh that failed). */
export function clearSessionCookies(reply: FastifyReply, secure: boolean): void {
  const common = { sameSite: 'strict' as const, secure };
  reply.clearCookie(SESSION_COOKIE, { ...common, httpOnly: true, path: '/' });
  reply.clearCookie(REFRESH_COOKIE, { ...common, httpOnly: true, path: REFRESH_PATH });
  reply.clearCookie(CSRF_COOKIE, { ...common, path: '/' });
}

/**
 * Double-submit check for the auth routes that act on the refresh cookie (refresh, logout): the
 * header must equal the `soloops_csrf` cookie, compared in constant time. (The API's other writes
 * check the header against the session cookie: csrfMatches.)
 */
export function csrfCookieMatches(request: FastifyRequest): boolean {
  const cookie = cookieOf(request, CSRF_COOKIE);
  return cookie !== undefined && tokenMatches(cookie, headerValue(request.headers, CSRF_HEADER));
}

/** A browser's own word that another site sent this request (Sec-Fetch-Site): refused before any cookie is set. */
export function crossSite(request: FastifyRequest): boolean {
  return headerValue(request.headers, 'sec-fetch-site') === 'cross-site';
}
