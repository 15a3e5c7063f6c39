import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import type { ApiKeyJson, Permission } from '../../core/console.js';
import type { StoredSession, StoredUser } from '../../store/console-types.js';
import { type AccessDeps, createAccess } from './access.js';
import { csrfFor } from './cookies.js';
import { secretHash } from './credentials.js';

const H = 3_600_000;
const t0 = new Date('2026-12-01T08:00:00Z');
const policy = { access_ttl: 24 * H, refresh_ttl: 7 * 24 * H, idle_timeout: 2 * H };
const user = (id: number, name: string, role: StoredUser['role']): StoredUser => ({
  id,
  name,
  role,
  disabled: false,
  createdAt: t0.toISOString(),
  lastLoginAt: null,
  passwordHash: 'x',
});

/** An in-memory AccountStore with one viewer session (token soa_vera) and one reporter key (sok_ci). */
function fake(clock: { now: Date }) {
  const vera = user(1, 'vera', 'viewer');
  const session: StoredSession = {
    id: 7,
    userId: 1,
    createdAt: t0,
    accessExpiresAt: new Date(t0.getTime() + 24 * H),
    refreshExpiresAt: new Date(t0.getTime() + 7 * 24 * H),
    lastSeenAt: t0,
    revokedAt: null,
  };
  const key: ApiKeyJson = {
    id: 3,
    name: 'ci',
    role: 'reporter',
    prefix: 'sok_ci',
    createdBy: 'ada',
    createdAt: t0.toISOString(),
    lastUsedAt: null,
    revokedAt: null,
  };
  const touches: Date[] = [];
  const deps: AccessDeps = {
    accounts: {
      sessionByAccess: async (hash) =>
        hash === secretHash('soa_vera') ? { session: { ...session }, user: vera } : null,
      touchSession: async (_id, now) => {
        touches.push(now);
        session.lastSeenAt = now;
      },
      keyByHash: async (hash) => (hash === secretHash('sok_ci') ? key : null),
      touchKey: async () => {},
      user: async (name) => (name === 'ada' ? user(2, 'ada', 'admin') : null),
    },
    own: () => ({ kind: 'token', token: 'admin-secret' }),
    statusPublic: () => true,
    policy: () => policy,
    now: () => clock.now,
  };
  return { deps, touches };
}

async function server(deps: AccessDeps) {
  const app = Fastify();
  const access = createAccess(deps);
  app.all('/:permission', async (request, reply) => {
    const permission = (request.params as { permission: Permission }).permission;
    const principal = await access.authorize(request, reply, permission, { public: request.method === 'GET' });
    return principal ? reply.send(principal) : reply;
  });
  return app;
}

describe('ApiAccess', () => {
  it('resolves the session cookie, a session bearer, an API key and the admin token to their principals', async () => {
    const clock = { now: new Date(t0.getTime() + 60_000) };
    const app = await server(fake(clock).deps);
    const as = async (headers: Record<string, string>) =>
      (await app.inject({ method: 'POST', url: '/read', headers })).json();
    expect(await as({ cookie: 'soloops_session=soa_vera', 'x-csrf-token': csrfFor('soa_vera') })).toEqual({
      kind: 'session',
      name: 'vera',
      role: 'viewer',
      userId: 1,
    });
    expect(await as({ authorization: 'Bearer soa_vera' })).toMatchObject({ kind: 'session', name: 'vera' });
    expect(await as({ authorization: 'Bearer sok_ci' })).toEqual({
      kind: 'key',
      name: 'key:ci',
      role: 'reporter',
      userId: 2,
    });
    expect(await as({ authorization: 'Bearer admin-secret' })).toMatchObject({ kind: 'token', role: 'admin' });
  });

  it('401 with no principal or a wrong one; 403 naming the role and the permission', async () => {
    const app = await server(fake({ now: t0 }).deps);
    const none = await app.inject({ method: 'POST', url: '/incident.create' });
    expect(none.statusCode).toBe(401);
    expect(
      (await app.inject({ method: 'POST', url: '/read', headers: { authorization: 'Bearer sok_nope' } })).statusCode,
    ).toBe(401);
    const viewer = await app.inject({
      method: 'POST',
      url: '/incident.create',
      headers: { authorization: 'Bearer soa_vera' },
    });
    expect(viewer.statusCode).toBe(403);
    expect(viewer.json().error).toBe('the viewer role may not incident.create (vera)');
    // A public read while status.public: anyone.
    expect((await app.inject({ method: 'GET', url: '/read' })).json()).toMatchObject({ name: 'anonymous' });
  });

  it('a cookie-authenticated write needs the CSRF header of that session; a read does not', async () => {
    const app = await server(fake({ now: t0 }).deps);
    const cookie = 'soloops_session=soa_vera';
    expect((await app.inject({ method: 'POST', url: '/read', headers: { cookie } })).statusCode).toBe(403);
    const other = { cookie, 'x-csrf-token': csrfFor('soa_someone_else') };
    expect((await app.inject({ method: 'POST', url: '/read', headers: other })).statusCode).toBe(403);
    expect((await app.inject({ method: 'GET', url: '/user.manage', headers: { cookie } })).statusCode).toBe(403);
    expect((await app.inject({ method: 'GET', url: '/read', headers: { cookie } })).statusCode).toBe(200);
  });

  it('refuses an idle session with the reason, and records use at most once a minute', async () => {
    const clock = { now: new Date(t0.getTime() + 30_000) };
    const { deps, touches } = fake(clock);
    const app = await server(deps);
    const me = () => app.inject({ method: 'POST', url: '/read', headers: { authorization: 'Bearer soa_vera' } });
    expect((await me()).statusCode).toBe(200);
    expect(touches).toEqual([]);
    clock.now = new Date(t0.getTime() + 61_000);
    await me();
    clock.now = new Date(t0.getTime() + 90_000);
    await me();
    expect(touches).toEqual([new Date(t0.getTime() + 61_000)]);
    clock.now = new Date(t0.getTime() + 61_000 + 2 * H + 1);
    const idle = await me();
    expect(idle.statusCode).toBe(401);
    expect(idle.json().error).toBe('session ended after 2 h idle: sign in again');
  });
});
