import { describe, expect, it } from 'vitest';
import { failure, useStoreBackends } from '../../../test/helpers/store-backends.js';
import type { Store } from '../../store/index.js';
import { secretHash, verifyPassword } from '../../watch/console/credentials.js';
import { createKeyIn, revokeKeyIn } from './keys.js';
import { cliActor } from './rules.js';
import { addUserTo, resetPasswordOf, setDisabledOf, setRoleOf } from './users.js';

// The user command's work over an open store, as the CLI and the console's admin API both call it:
// the rules, the stored hashes and the audit entries, on both backends.

const { backends, open } = await useStoreBackends('user-services');

const at = (time: string) => new Date(`2026-12-05T${time}Z`);
const web = { actor: 'ana', address: '10.0.0.9' };

describe.each(backends)('user services on $name', (backend) => {
  const test = it.skipIf(backend.skip !== undefined);
  const fresh = async (): Promise<Store> => open(await backend.fresh());

  test('adds users with a chosen or generated password, hashed, and audits who did it from where', async () => {
    const store = await fresh();
    const chosen = await addUserTo(
      store,
      web,
      { name: 'bo', role: 'viewer', password: 'a-long-password' },
      at('10:00:00.000'),
    );
    expect(chosen).toEqual({ user: expect.objectContaining({ name: 'bo', role: 'viewer' }) });
    expect(chosen.user).not.toHaveProperty('passwordHash');
    const bo = await store.accounts.user('bo');
    expect(bo?.passwordHash).toMatch(/^\$argon2id\$/);
    expect(await verifyPassword(bo?.passwordHash ?? '', 'a-long-password')).toBe(true);

    const generated = await addUserTo(
      store,
      cliActor({ USER: 'root' }),
      { name: 'cy', role: 'admin' },
      at('10:01:00.000'),
    );
    expect(generated.generatedPassword).toMatch(/^[\w-]{20}$/);
    const cy = await store.accounts.user('cy');
    expect(await verifyPassword(cy?.passwordHash ?? '', generated.generatedPassword ?? '')).toBe(true);

    expect(await store.audit.list({})).toMatchObject([
      { actor: 'cli:root', action: 'user.create', target: 'cy', address: null, detail: { role: 'admin' } },
      { actor: 'ana', action: 'user.create', target: 'bo', address: '10.0.0.9', detail: { role: 'viewer' } },
    ]);
  });

  test('refuses bad names, roles, short passwords and taken names, storing and auditing nothing', async () => {
    const store = await fresh();
    const add = (name: string, role: string, password?: string) =>
      failure(addUserTo(store, web, { name, role, password }, at('10:00:00.000')));
    expect((await add('', 'viewer')).message).toContain('not a valid user name');
    expect((await add('a'.repeat(65), 'viewer')).message).toContain('not a valid user name');
    expect((await add('bo/x', 'viewer')).message).toContain('not a valid user name');
    const role = await add('bo', 'owner');
    expect(role.message).toBe('unknown role "owner"');
    expect(role.hint).toBe('roles: viewer, reporter, admin');
    expect((await add('bo', 'viewer', 'elevenchars')).message).toContain('at least 12');
    await addUserTo(store, web, { name: 'bo', role: 'viewer' }, at('10:00:00.000'));
    const taken = await add('bo', 'admin');
    expect(taken.message).toBe('a user named bo already exists');
    expect(taken.hint).toContain('soloops user set-role bo');
    expect((await store.accounts.listUsers()).map((u) => u.role)).toEqual(['viewer']);
    expect(await store.audit.list({})).toHaveLength(1);
  });

  test('role and disabled changes are audited only when they change something; disabling ends sessions', async () => {
    const store = await fresh();
    const { user } = await addUserTo(store, web, { name: 'bo', role: 'viewer' }, at('10:00:00.000'));
    const later = at('20:00:00.000');
    const tokens = { accessHash: 'a', refreshHash: 'r', accessExpiresAt: later, refreshExpiresAt: later };
    await store.accounts.createSession({ userId: user.id, ...tokens, address: null }, at('10:00:00.000'));

    expect(await setRoleOf(store, web, 'bo', 'reporter', at('10:01:00.000'))).toMatchObject({ changed: true });
    expect(await setRoleOf(store, web, user.id, 'reporter', at('10:02:00.000'))).toMatchObject({ changed: false });
    expect(await setDisabledOf(store, web, 'bo', true, at('10:03:00.000'))).toMatchObject({
      user: { disabled: true },
      changed: true,
    });
    expect(await store.accounts.sessionByAccess('a')).toBeNull();
    expect((await setDisabledOf(store, web, 'bo', true, at('10:04:00.000'))).changed).toBe(false);
    expect((await setDisabledOf(store, web, 'bo', false, at('10:05:00.000'))).changed).toBe(true);
    expect((await failure(setRoleOf(store, web, 'nobody', 'admin', at('10:06:00.000')))).message).toContain('nobody');
    expect((await store.audit.list({})).map((e) => [e.action, e.detail])).toEqual([
      ['user.enable', {}],
      ['user.disable', {}],
      ['user.role', { from: 'viewer', to: 'reporter' }],
      ['user.create', { role: 'viewer' }],
    ]);
  });

  test('a password reset replaces the hash and ends every session of the user', async () => {
    const store = await fresh();
    const { user } = await addUserTo(store, web, { name: 'bo', role: 'viewer' }, at('10:00:00.000'));
    const later = at('20:00:00.000');
    for (const tag of ['1', '2'])
      await store.accounts.createSession(
        {
          userId: user.id,
          accessHash: `a${tag}`,
          refreshHash: `r${tag}`,
          accessExpiresAt: later,
          refreshExpiresAt: later,
          address: null,
        },
        at('10:00:00.000'),
      );
    const chosen = await resetPasswordOf(store, web, user.id, 'new-long-password', at('11:00:00.000'));
    expect(chosen).toMatchObject({ sessionsEnded: 2 });
    expect(chosen.generatedPassword).toBeUndefined();
    expect(await store.accounts.sessionByRefresh('r2')).toBeNull();
    expect(await verifyPassword((await store.accounts.user('bo'))?.passwordHash ?? '', 'new-long-password')).toBe(true);
    const generated = await resetPasswordOf(store, web, 'bo', undefined, at('12:00:00.000'));
    expect(generated.sessionsEnded).toBe(0);
    const hash = (await store.accounts.user('bo'))?.passwordHash ?? '';
    expect(await verifyPassword(hash, generated.generatedPassword ?? '')).toBe(true);
    expect(await verifyPassword(hash, 'new-long-password')).toBe(false);
    expect((await failure(resetPasswordOf(store, web, 'bo', 'short', at('13:00:00.000')))).message).toContain('12');
    expect((await store.audit.list({ limit: 2 })).map((e) => e.detail)).toEqual([
      { sessionsEnded: 0 },
      { sessionsEnded: 2 },
    ]);
  });

  test('keys: the secret is returned once, only its hash kept; revoking twice audits once', async () => {
    const store = await fresh();
    const { key, secret } = await createKeyIn(store, web, { name: 'ci', role: 'reporter' }, at('10:00:00.000'));
    expect(secret).toMatch(/^sok_[\w-]{43}$/);
    expect(key).toMatchObject({ name: 'ci', role: 'reporter', prefix: secret.slice(0, 12), createdBy: 'ana' });
    expect(await store.accounts.keyByHash(secretHash(secret))).toEqual(key);
    expect((await failure(createKeyIn(store, web, { name: 'ci', role: 'root' }, at('10:00:00.000')))).hint).toContain(
      'viewer, reporter, admin',
    );

    expect((await revokeKeyIn(store, web, key.id, at('11:00:00.000'))).revokedAt).toBe('2026-12-05T11:00:00.000Z');
    expect((await revokeKeyIn(store, web, key.prefix, at('12:00:00.000'))).revokedAt).toBe('2026-12-05T11:00:00.000Z');
    expect((await failure(revokeKeyIn(store, web, 'sok_none', at('12:00:00.000')))).message).toContain('sok_none');
    expect((await store.audit.list({})).map((e) => [e.action, e.target, e.address])).toEqual([
      ['key.revoke', key.prefix, '10.0.0.9'],
      ['key.create', key.prefix, '10.0.0.9'],
    ]);
  });
});
