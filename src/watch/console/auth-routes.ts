/**
 * Sign-in: `POST /api/auth/login`, `/refresh`, `/logout` and `GET /api/auth/me` (the contract in
 * core/console.ts), plus the admin API (auth-admin.ts). Tokens are random (credentials.ts) and the
 * store keeps only their hashes; the browser gets them as cookies, a script as JSON when it asks.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import * as z from 'zod';
import { can, type MeJson, PERMISSIONS, type Permission, type Principal } from '../../core/console.js';
import type { ConsoleConfig } from '../../core/console-config.js';
import type { AccountStore, AuditStore, StoredSession, StoredUser } from '../../store/console-types.js';
import { type ApiAccess, ApiError, answer, checked, parsedBody } from '../http/api-common.js';
import { ACCESS_PREFIX, REFRESH_PREFIX, sessionOf } from './access.js';
import { type ConsoleAdmin, registerAdminRoutes } from './auth-admin.js';
import {
  clearSessionCookies,
  cookieOf,
  crossSite,
  csrfCookieMatches,
  REFRESH_COOKIE,
  SESSION_COOKIE,
  secureCookies,
  setSessionCookies,
} from './cookies.js';
import { hashPassword, newSecret, secretHash, verifyPassword } from './credentials.js';
import { LoginLimiter } from './login-limiter.js';
import { idleExpiresAt, loginExpiry, refreshState, endedMessage, rotatedExpiry } from './session.js';

export type { Actor, ConsoleAdmin } from './auth-admin.js';

/** What sign-in needs (built by src/app/console/auth.ts); `config` and `now` are read per request. */
export interface ConsoleAuthDeps {
  accounts: AccountStore;
  audit: AuditStore;
  /** Users, keys and the audit log for the admin pages (shared with the `user` command). */
  admin: ConsoleAdmin;
  config(): ConsoleConfig;
  now(): Date;
}

const WRONG = 'wrong name or password';
const loginBody = z.object({
  name: z.string().min(1).max(200),
  password: z.string().min(1).max(1024),
  tokens: z.boolean().optional(),
});
const refreshBody = z.object({ refreshToken: z.string().min(1).optional(), tokens: z.boolean().optional() });

export function registerAuthRoutes(app: FastifyInstance, deps: ConsoleAuthDeps, access: ApiAccess): void {
  const limiter = new LoginLimiter(() => deps.config().login);
  // Unknown names are checked against this hash too, so the time taken does not tell which names exist.
  let dummy: Promise<string> | undefined;
  const dummyHash = () => (dummy ??= hashPassword(newSecret()));

  app.post('/api/auth/login', (request, reply) =>
    answer(reply, async () => {
      refuseCrossSite(request);
      const body = checked(parsedBody(request), loginBody);
      const now = deps.now();
      const address = request.ip;
      const wait = limiter.retryAfterMs(body.name, address, now);
      if (wait > 0) {
        // Not audited one by one: refusing costs nothing, so a locked-out sender could grow the log at will.
        // The failure that locked the name or address is in it.
        void reply.header('retry-after', String(Math.ceil(wait / 1000)));
        throw new ApiError(429, 'too many failed logins: try again later', `wait ${Math.ceil(wait / 60_000)} min`);
      }
      const user = await deps.accounts.user(body.name);
      const matches = await verifyPassword(user?.passwordHash ?? (await dummyHash()), body.password);
      if (!user || !matches || user.disabled) {
        limiter.failed(body.name, address, now);
        const reason = !user ? 'unknown user' : !matches ? 'wrong password' : 'disabled';
        const lockedMs = limiter.retryAfterMs(body.name, address, now);
        const detail = { reason, ...(lockedMs > 0 && { lockedForMs: lockedMs }) };
        await deps.audit.record({ actor: body.name, action: 'login.failed', address, detail }, now);
        throw new ApiError(401, WRONG);
      }
      limiter.succeeded(body.name);
      const tokens = { accessToken: newSecret(ACCESS_PREFIX), refreshToken: newSecret(REFRESH_PREFIX) };
      const ends = loginExpiry(now, deps.config());
      const session = await deps.accounts.createSession(
        {
          userId: user.id,
          accessHash: secretHash(tokens.accessToken),
          refreshHash: secretHash(tokens.refreshToken),
          ...ends,
          address,
        },
        now,
      );
      await deps.accounts.updateUser(user.id, { lastLoginAt: now }, now);
      await deps.audit.record({ actor: user.name, action: 'login', target: user.name, address }, now);
      setSessionCookies(reply, { ...tokens, refreshExpiresAt: ends.refreshExpiresAt }, secure(request));
      return { body: { ...meOf(user, session, deps, now), ...(body.tokens && tokens) } };
    }),
  );

  app.post('/api/auth/refresh', (request, reply) =>
    answer(reply, async () => {
      refuseCrossSite(request);
      const body = checked(optionalBody(request), refreshBody);
      const fromCookie = body.refreshToken === undefined;
      const token = body.refreshToken ?? cookieOf(request, REFRESH_COOKIE);
      if (token === undefined) throw new ApiError(401, 'no session to refresh: sign in');
      if (fromCookie && !csrfCookieMatches(request)) throw csrfError();
      const now = deps.now();
      const found = await deps.accounts.sessionByRefresh(secretHash(token));
      const state = found ? refreshState(found.session, now, deps.config()) : 'revoked';
      if (!found || state !== 'valid' || found.user.disabled) {
        if (fromCookie) clearSessionCookies(reply, secure(request));
        throw new ApiError(401, endedMessage(state, deps.config()));
      }
      const tokens = { accessToken: newSecret(ACCESS_PREFIX), refreshToken: newSecret(REFRESH_PREFIX) };
      const ends = rotatedExpiry(found.session, now, deps.config());
      const hashes = { accessHash: secretHash(tokens.accessToken), refreshHash: secretHash(tokens.refreshToken) };
      // Refused when the session was revoked (or rotated by a concurrent refresh) meanwhile.
      if (!(await deps.accounts.rotateSession(found.session.id, { ...hashes, ...ends }, now)))
        throw new ApiError(401, endedMessage('revoked', deps.config()));
      await deps.accounts.touchSession(found.session.id, now);
      setSessionCookies(reply, { ...tokens, refreshExpiresAt: ends.refreshExpiresAt }, secure(request));
      const session = { ...found.session, ...ends, lastSeenAt: now };
      return { body: { ...meOf(found.user, session, deps, now), ...(body.tokens && tokens) } };
    }),
  );

  app.post('/api/auth/logout', (request, reply) =>
    answer(reply, async () => {
      const now = deps.now();
      const found = await sessionToEnd(deps, request);
      if (found) {
        await deps.accounts.revokeSession(found.session.id, now);
        await deps.audit.record(
          { actor: found.user.name, action: 'logout', target: found.user.name, address: request.ip },
          now,
        );
      }
      clearSessionCookies(reply, secure(request));
      return { status: 204, body: undefined };
    }),
  );

  app.get('/api/auth/me', async (request, reply) => {
    const principal = await access.authorize(request, reply, 'read');
    if (!principal) return reply;
    const now = deps.now();
    const own = sessionOf(request);
    return reply
      .header('cache-control', 'no-store')
      .send(own ? meOf(own.user, own.session, deps, now) : meOfPrincipal(principal));
  });

  registerAdminRoutes(app, deps.admin, access);

  function secure(request: FastifyRequest): boolean {
    return secureCookies(request, deps.config().secure_cookies);
  }
}

/**
 * The session a logout ends: the bearer's or the cookie's access token, else the refresh cookie's
 * (an expired access token must still be able to sign out). Cookie-borne ones need the CSRF header.
 */
async function sessionToEnd(
  deps: ConsoleAuthDeps,
  request: FastifyRequest,
): Promise<{ session: StoredSession; user: StoredUser } | null> {
  const bearer = /^Bearer\s+(soa_\S+)$/i.exec(String(request.headers.authorization ?? ''))?.[1];
  if (bearer) return deps.accounts.sessionByAccess(secretHash(bearer));
  const access = cookieOf(request, SESSION_COOKIE);
  const refresh = cookieOf(request, REFRESH_COOKIE);
  if (access === undefined && refresh === undefined) return null;
  if (!csrfCookieMatches(request)) throw csrfError();
  return (
    (access && (await deps.accounts.sessionByAccess(secretHash(access)))) ||
    (refresh && (await deps.accounts.sessionByRefresh(secretHash(refresh)))) ||
    null
  );
}

function meOf(user: StoredUser, session: StoredSession, deps: ConsoleAuthDeps, now: Date): MeJson {
  const lastSeen = session.lastSeenAt.getTime() > now.getTime() ? session.lastSeenAt : now;
  return {
    user: { id: user.id, name: user.name, role: user.role },
    permissions: permissionsOf(user.role),
    expiresAt: session.accessExpiresAt.toISOString(),
    idleExpiresAt: idleExpiresAt(lastSeen, deps.config()).toISOString(),
  };
}

function meOfPrincipal(principal: Principal): MeJson {
  return {
    user: { id: principal.userId ?? null, name: principal.name, role: principal.role },
    permissions: permissionsOf(principal.role),
    expiresAt: null,
    idleExpiresAt: null,
  };
}

function permissionsOf(role: Principal['role']): Permission[] {
  return (Object.keys(PERMISSIONS) as Permission[]).filter((permission) => can(role, permission));
}

/** Refresh may come with no body at all (the page posts `{}`, a script may post nothing). */
function optionalBody(request: FastifyRequest): unknown {
  const empty = !Buffer.isBuffer(request.body) || request.body.toString('utf8').trim() === '';
  return empty ? {} : parsedBody(request);
}

function refuseCrossSite(request: FastifyRequest): void {
  if (crossSite(request)) throw new ApiError(403, 'sign-in requests from another site are refused');
}

function csrfError(): ApiError {
  return new ApiError(403, "missing or wrong X-CSRF-Token header: send the soloops_csrf cookie's value");
}
