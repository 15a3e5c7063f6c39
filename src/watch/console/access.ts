/**
 * The API's gatekeeper (ApiAccess): who is asking, and may their role do what the route needs.
 * A principal comes from, in this order: `Authorization: Bearer sok_…` (an API key),
 * `Authorization: Bearer soa_…` (a console session's access token), any other bearer or `?token=`
 * (the daemon's admin token, role admin), or the `soloops_session` cookie. A cookie-authenticated
 * write must carry the CSRF header as well (a bearer cannot be sent by another site's form).
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { can, type Permission, type Principal } from '../../core/console.js';
import type { AccountStore, StoredSession, StoredUser } from '../../store/console-types.js';
import { headerValue, repeatedCredential } from '../auth/headers.js';
import type { OwnEndpointAccess } from '../auth/own-endpoints.js';
import { presentedToken, tokenMatches } from '../auth/token.js';
import { ANONYMOUS, type ApiAccess } from '../http/api-common.js';
import { cookieOf, csrfMatches, SESSION_COOKIE, unsafeMethod } from './cookies.js';
import { secretHash } from './credentials.js';
import { accessState, endedMessage, type SessionPolicy, shouldTouch, TOUCH_EVERY_MS } from './session.js';

/** API keys start so; session access tokens with ACCESS_PREFIX, refresh tokens with REFRESH_PREFIX. */
export const KEY_PREFIX = 'sok_';
export const ACCESS_PREFIX = 'soa_';
export const REFRESH_PREFIX = 'sor_';

/** The daemon's admin token (watch.auth.default.token) acts as an admin. */
export const ADMIN_TOKEN: Principal = { kind: 'token', name: 'admin token', role: 'admin' };

export const NO_TOKEN =
  'set watch.auth.default.token (e.g. token: {env: SOLOOPS_WEBHOOK_TOKEN}) or log in to the console: ' +
  'changes through the API need a user, an API key or the admin token';
const MISSING = 'missing token: send Authorization: Bearer <token> or ?token=<token>';

/** What the gatekeeper reads; every function is called per request, so a reload applies at once. */
export interface AccessDeps {
  accounts: Pick<AccountStore, 'sessionByAccess' | 'touchSession' | 'keyByHash' | 'touchKey' | 'user'>;
  /** The admin token as auth.ts resolved it (a token, open on loopback, or closed). */
  own(): OwnEndpointAccess;
  /** `status.public`: public reads need no principal. */
  statusPublic(): boolean;
  policy(): SessionPolicy;
  now(): Date;
}

/** A request's console session, once authorize() found one (for /api/auth/me and logout). */
export interface RequestSession {
  session: StoredSession;
  user: StoredUser;
  /** How it came: the cookie (then writes need the CSRF header) or a bearer. */
  via: 'cookie' | 'bearer';
}

const sessions = new WeakMap<FastifyRequest, RequestSession>();

/** The console session authorize() resolved for this request, if it was one. */
export function sessionOf(request: FastifyRequest): RequestSession | undefined {
  return sessions.get(request);
}

type Resolved = { principal: Principal } | { status: 401 | 403; error: string; hint?: string };

/** The real ApiAccess (src/app/watch/api.ts builds it over the store). */
export function createAccess(deps: AccessDeps): ApiAccess {
  return {
    async authorize(request, reply, permission, options = {}) {
      if (options.public && permission === 'read' && deps.statusPublic()) return ANONYMOUS;
      const resolved = await resolve(deps, request);
      if ('status' in resolved) {
        void reply.code(resolved.status).send({ error: resolved.error, ...(resolved.hint && { hint: resolved.hint }) });
        return null;
      }
      return permitted(resolved.principal, permission, reply);
    },
  };
}

/** 403 naming the role and the permission when the role lacks it; the principal otherwise. */
function permitted(principal: Principal, permission: Permission, reply: FastifyReply): Principal | null {
  if (can(principal.role, permission)) return principal;
  void reply.code(403).send({
    error: `the ${principal.role} role may not ${permission} (${principal.name})`,
    hint: "an admin can change the role: soloops user set-role NAME ROLE, or the console's Users page",
  });
  return null;
}

async function resolve(deps: AccessDeps, request: FastifyRequest): Promise<Resolved> {
  const repeated = repeatedCredential(request.raw.rawHeaders, request.query);
  if (repeated) return { status: 401, error: `${repeated}: send each credential once` };
  const authorization = headerValue(request.headers, 'authorization');
  const presented = presentedToken(request.headers, (request.query ?? {}) as Record<string, unknown>);
  if (presented !== undefined) {
    const fromBearer = /^Bearer\s/i.test(authorization ?? '');
    if (fromBearer && presented.startsWith(KEY_PREFIX))
      return (await byKey(deps, presented)) ?? adminToken(deps, presented);
    if (fromBearer && presented.startsWith(ACCESS_PREFIX))
      return (await bySession(deps, request, presented, 'bearer')) ?? adminToken(deps, presented);
    return adminToken(deps, presented);
  }
  const cookie = cookieOf(request, SESSION_COOKIE);
  if (cookie !== undefined) {
    const found = await bySession(deps, request, cookie, 'cookie');
    if (!found) return { status: 401, error: 'session ended: sign in again' };
    if ('principal' in found && unsafeMethod(request.method) && !csrfMatches(request, cookie))
      return { status: 403, error: "missing or wrong X-CSRF-Token header: send the soloops_csrf cookie's value" };
    return found;
  }
  const own = deps.own();
  return own.kind === 'token' ? { status: 401, error: MISSING } : { status: 403, error: NO_TOKEN };
}

/** The admin token check, as before the console: 401 when it does not match, 403 when none is set. */
function adminToken(deps: AccessDeps, presented: string): Resolved {
  const own = deps.own();
  if (own.kind !== 'token') return { status: 403, error: NO_TOKEN };
  return tokenMatches(own.token, presented)
    ? { principal: ADMIN_TOKEN }
    : { status: 401, error: 'token does not match' };
}

async function byKey(deps: AccessDeps, secret: string): Promise<Resolved | null> {
  const key = await deps.accounts.keyByHash(secretHash(secret));
  if (!key) return null;
  const now = deps.now();
  if (key.lastUsedAt === null || now.getTime() - Date.parse(key.lastUsedAt) >= TOUCH_EVERY_MS)
    await deps.accounts.touchKey(key.id, now);
  // Named after the key in the audit log and as an incident's author ("key:ci"); drafts and
  // presence belong to a user: the key's creator when a console user made it.
  const creator = await deps.accounts.user(key.createdBy);
  return { principal: { kind: 'key', name: `key:${key.name}`, role: key.role, userId: creator?.id } };
}

/** The session of `token`: a principal, a 401 saying why it ended, or null when no session has this token. */
async function bySession(
  deps: AccessDeps,
  request: FastifyRequest,
  token: string,
  via: RequestSession['via'],
): Promise<Resolved | null> {
  const found = await deps.accounts.sessionByAccess(secretHash(token));
  if (!found || found.user.disabled) return null;
  const now = deps.now();
  const policy = deps.policy();
  const state = accessState(found.session, now, policy);
  if (state !== 'valid') return { status: 401, error: endedMessage(state, policy) };
  if (shouldTouch(found.session, now)) {
    await deps.accounts.touchSession(found.session.id, now);
    found.session = { ...found.session, lastSeenAt: now };
  }
  sessions.set(request, { ...found, via });
  const { user } = found;
  return { principal: { kind: 'session', name: user.name, role: user.role, userId: user.id } };
}
