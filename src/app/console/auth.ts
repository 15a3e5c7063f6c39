import type { Role } from '../../core/console.js';
import { UserError } from '../../core/errors.js';
import type { Store } from '../../store/types.js';
import type { ConsoleAdmin, ConsoleAuthDeps } from '../../watch/console/auth-routes.js';
import { ApiError } from '../../watch/http/api-common.js';
import type { AppContext } from '../context.js';
import { createKeyIn, revokeKeyIn } from '../user/keys.js';
import { addUserTo, publicUser, resetPasswordOf, setDisabledOf, setRoleOf } from '../user/users.js';

/**
 * Sign-in and the admin API over the daemon's store: sessions and the audit log straight from the
 * store, users and keys through the `user` command's functions (one set of rules and audit entries).
 */
export function consoleAuthDeps(app: () => AppContext, store: Store, now: () => Date): ConsoleAuthDeps {
  return {
    accounts: store.accounts,
    audit: store.audit,
    admin: consoleAdmin(store, now),
    config: () => app().config.console,
    now,
  };
}

function consoleAdmin(store: Store, now: () => Date): ConsoleAdmin {
  return {
    listUsers: async () => (await store.accounts.listUsers()).map(publicUser),
    addUser: async (by, input) => {
      if (await store.accounts.user(input.name))
        throw new ApiError(409, `a user named ${input.name} already exists`, 'Pick another name, or change that user.');
      const added = await addUserTo(store, by, input, now());
      return { user: added.user, password: added.generatedPassword };
    },
    updateUser: async (by, id, changes) => {
      const user = await store.accounts.user(id);
      if (!user) return null;
      await keepAnAdmin(store, user, changes);
      let result = publicUser(user);
      if (changes.role !== undefined) result = (await setRoleOf(store, by, id, changes.role, now())).user;
      if (changes.disabled !== undefined) result = (await setDisabledOf(store, by, id, changes.disabled, now())).user;
      return result;
    },
    resetPassword: async (by, id, password) => {
      if (!(await store.accounts.user(id))) return null;
      const done = await resetPasswordOf(store, by, id, password, now());
      return { password: done.generatedPassword };
    },
    listKeys: () => store.accounts.listKeys(),
    createKey: (by, input) => createKeyIn(store, by, { ...input, createdBy: by.actor }, now()),
    revokeKey: async (by, id) => {
      try {
        return await revokeKeyIn(store, by, id, now());
      } catch (error) {
        if (error instanceof UserError) return null;
        throw error;
      }
    },
    audit: (filter) => store.audit.list(filter),
  };
}

/** Refuses to demote or disable the last enabled admin: nobody could manage users afterwards. */
async function keepAnAdmin(
  store: Store,
  user: { id: number; role: Role; disabled: boolean },
  changes: { role?: Role | undefined; disabled?: boolean | undefined },
): Promise<void> {
  const losesAdmin = (changes.role !== undefined && changes.role !== 'admin') || changes.disabled === true;
  if (user.role !== 'admin' || user.disabled || !losesAdmin) return;
  const admins = (await store.accounts.listUsers()).filter((u) => u.role === 'admin' && !u.disabled);
  if (admins.length <= 1)
    throw new ApiError(
      409,
      'this is the last admin: it cannot be demoted or disabled',
      'Make another user admin first.',
    );
}
