import { describe, expect, it } from 'vitest';
import { failure, useStoreBackends } from '../../test/helpers/store-backends.js';
import type { Store } from './index.js';

// Users, sessions, API keys and the audit log (migration 014), on both backends.

const { backends, open } = await useStoreBackends('accounts-store');

const at = (time: string) => new Date(`2026-12-${time}Z`);
const hour = 3_600_000;

async function session(store: Store, userId: number, tag: string, now: Date) {
  return store.accounts.createSession(
    {
      userId,
      accessHash: `a-${tag}`,
      refreshHash: `r-${tag}`,
      accessExpiresAt: new Date(now.getTime() + 24 * hour),
      refreshExpiresAt: new Date(now.getTime() + 7 * 24 * hour),
      address: '127.0.0.1',
    },
    now,
  );
}

describe.each(backends)('accounts on $name', (backend) => {
  const test = it.skipIf(backend.skip !== undefined);
  const fresh = async (): Promise<Store> => open(await backend.fresh());

  test('adds users, finds them by name or id, refuses a duplicate name', async () => {
    const store = await fresh();
    const ana = await store.accounts.addUser({ name: 'ana', role: 'admin', passwordHash: 'h1' }, at('01T10:00:00.000'));
    expect(ana).toEqual({
      id: ana.id,
      name: 'ana',
      role: 'admin',
      disabled: false,
      createdAt: '2026-12-01T10:00:00.000Z',
      lastLoginAt: null,
      passwordHash: 'h1',
    });
    await store.accounts.addUser({ name: 'bo', role: 'viewer', passwordHash: 'h2' }, at('01T11:00:00.000'));
    expect(await store.accounts.user('ana')).toEqual(ana);
    expect(await store.accounts.user(ana.id)).toEqual(ana);
    expect(await store.accounts.user('Ana')).toBeNull();
    expect(await store.accounts.user(9999)).toBeNull();
    expect((await store.accounts.listUsers()).map((u) => u.name)).toEqual(['ana', 'bo']);
    const error = await failure(
      store.accounts.addUser({ name: 'ana', role: 'viewer', passwordHash: 'h3' }, at('01T12:00:00.000')),
    );
    expect(error.message).toContain('ana already exists');
    expect((await store.accounts.user('ana'))?.passwordHash).toBe('h1');
  });

  test('updates role, password and last login; disabling revokes every session of that user only', async () => {
    const store = await fresh();
    const ana = await store.accounts.addUser(
      { name: 'ana', role: 'viewer', passwordHash: 'h1' },
      at('01T10:00:00.000'),
    );
    const bo = await store.accounts.addUser({ name: 'bo', role: 'viewer', passwordHash: 'h2' }, at('01T10:00:00.000'));
    await session(store, ana.id, 'ana1', at('01T11:00:00.000'));
    await session(store, ana.id, 'ana2', at('01T11:00:00.000'));
    await session(store, bo.id, 'bo1', at('01T11:00:00.000'));
    const changed = await store.accounts.updateUser(
      ana.id,
      { role: 'reporter', passwordHash: 'h9', lastLoginAt: at('01T11:00:00.000') },
      at('01T12:00:00.000'),
    );
    expect(changed).toMatchObject({ role: 'reporter', passwordHash: 'h9', lastLoginAt: '2026-12-01T11:00:00.000Z' });
    expect(await store.accounts.sessionByAccess('a-ana1')).not.toBeNull();

    const disabled = await store.accounts.updateUser(ana.id, { disabled: true }, at('01T13:00:00.000'));
    expect(disabled?.disabled).toBe(true);
    expect(await store.accounts.sessionByAccess('a-ana1')).toBeNull();
    expect(await store.accounts.sessionByRefresh('r-ana2')).toBeNull();
    expect((await store.accounts.sessionByAccess('a-bo1'))?.user.name).toBe('bo');
    expect((await store.accounts.updateUser(ana.id, { disabled: false }, at('01T14:00:00.000')))?.disabled).toBe(false);
    expect(await store.accounts.updateUser(9999, { role: 'admin' }, at('01T14:00:00.000'))).toBeNull();
  });

  test('keeps sessions by token hash: rotate, touch, revoke one or all', async () => {
    const store = await fresh();
    const ana = await store.accounts.addUser({ name: 'ana', role: 'admin', passwordHash: 'h' }, at('01T10:00:00.000'));
    const created = await session(store, ana.id, 'one', at('01T10:00:00.000'));
    expect(created).toEqual({
      id: created.id,
      userId: ana.id,
      createdAt: at('01T10:00:00.000'),
      accessExpiresAt: at('02T10:00:00.000'),
      refreshExpiresAt: at('08T10:00:00.000'),
      lastSeenAt: at('01T10:00:00.000'),
      revokedAt: null,
    });
    const found = await store.accounts.sessionByAccess('a-one');
    expect(found?.session).toEqual(created);
    expect(found?.user.name).toBe('ana');

    await store.accounts.touchSession(created.id, at('01T11:00:00.000'));
    expect((await store.accounts.sessionByRefresh('r-one'))?.session.lastSeenAt).toEqual(at('01T11:00:00.000'));

    const tokens = {
      accessHash: 'a-two',
      refreshHash: 'r-two',
      accessExpiresAt: at('02T12:00:00.000'),
      refreshExpiresAt: at('08T12:00:00.000'),
    };
    expect(await store.accounts.rotateSession(created.id, tokens, at('01T12:00:00.000'))).toBe(true);
    expect(await store.accounts.sessionByAccess('a-one')).toBeNull();
    expect(await store.accounts.sessionByRefresh('r-one')).toBeNull();
    expect((await store.accounts.sessionByRefresh('r-two'))?.session.accessExpiresAt).toEqual(at('02T12:00:00.000'));

    await store.accounts.revokeSession(created.id, at('01T13:00:00.000'));
    expect(await store.accounts.sessionByAccess('a-two')).toBeNull();
    const again = { ...tokens, accessHash: 'a-3', refreshHash: 'r-3' };
    expect(await store.accounts.rotateSession(created.id, again, at('01T14:00:00.000'))).toBe(false);

    await session(store, ana.id, 'x', at('01T15:00:00.000'));
    await session(store, ana.id, 'y', at('01T15:00:00.000'));
    expect(await store.accounts.revokeSessionsOf(ana.id, at('01T16:00:00.000'))).toBe(2);
    expect(await store.accounts.revokeSessionsOf(ana.id, at('01T16:00:00.000'))).toBe(0);
  });

  test('keeps API keys by hash; revokes by id or prefix, once', async () => {
    const store = await fresh();
    const input = { name: 'ci', role: 'reporter' as const, keyHash: 'k1', prefix: 'sok_AAAAbbbb', createdBy: 'ana' };
    const ci = await store.accounts.createKey(input, at('01T10:00:00.000'));
    expect(ci).toEqual({
      id: ci.id,
      name: 'ci',
      role: 'reporter',
      prefix: 'sok_AAAAbbbb',
      createdBy: 'ana',
      createdAt: '2026-12-01T10:00:00.000Z',
      lastUsedAt: null,
      revokedAt: null,
    });
    const deploy = await store.accounts.createKey(
      { ...input, name: 'deploy', keyHash: 'k2', prefix: 'sok_AAAAcccc' },
      at('01T10:00:00.000'),
    );
    expect(await store.accounts.keyByHash('k1')).toEqual(ci);
    await store.accounts.touchKey(ci.id, at('01T11:00:00.000'));
    expect((await store.accounts.keyByHash('k1'))?.lastUsedAt).toBe('2026-12-01T11:00:00.000Z');

    expect((await failure(store.accounts.revokeKey('sok_AAAA', at('01T12:00:00.000')))).message).toContain('several');
    const revoked = await store.accounts.revokeKey('sok_AAAAbbbb', at('01T12:00:00.000'));
    expect(revoked).toMatchObject({ id: ci.id, revokedAt: '2026-12-01T12:00:00.000Z' });
    expect(await store.accounts.keyByHash('k1')).toBeNull();
    // Revoked again later: still the first time.
    expect((await store.accounts.revokeKey(ci.id, at('01T13:00:00.000')))?.revokedAt).toBe('2026-12-01T12:00:00.000Z');
    // The live key wins a shared prefix over the revoked one.
    expect((await store.accounts.revokeKey('sok_AAAA', at('01T14:00:00.000')))?.id).toBe(deploy.id);
    expect(await store.accounts.revokeKey(String(deploy.id), at('01T15:00:00.000'))).toMatchObject({ name: 'deploy' });
    expect(await store.accounts.revokeKey('sok_zzzz', at('01T15:00:00.000'))).toBeNull();
    expect(await store.accounts.revokeKey(9999, at('01T15:00:00.000'))).toBeNull();
    expect((await store.accounts.listKeys()).map((k) => [k.name, k.revokedAt !== null])).toEqual([
      ['ci', true],
      ['deploy', true],
    ]);
  });

  test('appends audit entries and lists them newest first, since a time, up to a limit', async () => {
    const store = await fresh();
    await store.audit.record({ actor: 'cli:ana', action: 'user.create', target: 'bo' }, at('01T10:00:00.000'));
    await store.audit.record(
      { actor: 'bo', action: 'login', address: '10.0.0.7', detail: { via: 'password' } },
      at('01T11:00:00.000'),
    );
    await store.audit.record({ actor: 'bo', action: 'logout' }, at('01T12:00:00.000'));
    const all = await store.audit.list({});
    expect(all.map((e) => e.action)).toEqual(['logout', 'login', 'user.create']);
    expect(all[1]).toEqual({
      id: all[1]?.id,
      at: '2026-12-01T11:00:00.000Z',
      actor: 'bo',
      action: 'login',
      target: null,
      address: '10.0.0.7',
      detail: { via: 'password' },
    });
    expect(all[2]).toMatchObject({ actor: 'cli:ana', target: 'bo', address: null, detail: {} });
    expect((await store.audit.list({ since: at('01T11:00:00.000') })).map((e) => e.action)).toEqual([
      'logout',
      'login',
    ]);
    expect((await store.audit.list({ limit: 1 })).map((e) => e.action)).toEqual(['logout']);
  });
});
