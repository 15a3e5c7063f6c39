import type { Role, UserJson } from '../../core/console.js';
import { UserError } from '../../core/errors.js';
import type { StoredUser } from '../../store/console-types.js';
import type { Store } from '../../store/types.js';
import { hashPassword } from '../../watch/console/credentials.js';
import { type AppContext, withStore } from '../context.js';
import { type Actor, checkName, checkPassword, checkRole, cliActor, generatePassword } from './rules.js';

/** A user as it may leave the app: everything but the password hash. */
export function publicUser(user: StoredUser): UserJson {
  const { passwordHash: _hash, ...rest } = user;
  return rest;
}

/** A new user, and the generated password when none was given (shown once, never stored in clear). */
export interface AddedUser {
  user: UserJson;
  generatedPassword?: string;
}

/**
 * Adds a user over an open store (the CLI and the console's admin API share it). Without a
 * password one is generated and returned once.
 */
export async function addUserTo(
  store: Store,
  by: Actor,
  input: { name: string; role: string; password?: string | undefined },
  now: Date,
): Promise<AddedUser> {
  const name = checkName(input.name);
  const role = checkRole(input.role);
  const generated = input.password === undefined ? generatePassword() : undefined;
  const password = checkPassword(input.password ?? (generated as string));
  await refuseTaken(store, name);
  const stored = await store.accounts.addUser({ name, role, passwordHash: await hashPassword(password) }, now);
  await store.audit.record({ ...by, action: 'user.create', target: name, detail: { role } }, now);
  return generated === undefined
    ? { user: publicUser(stored) }
    : { user: publicUser(stored), generatedPassword: generated };
}

async function refuseTaken(store: Store, name: string): Promise<void> {
  if (await store.accounts.user(name))
    throw new UserError(
      `a user named ${name} already exists`,
      'pick another name, or change that user: ' +
        `\`soloops user set-role ${name} ROLE\`, \`soloops user reset-password ${name}\``,
    );
}

/** The user named `nameOrId`, or a UserError pointing at the list. */
export async function findUser(store: Store, nameOrId: string | number): Promise<StoredUser> {
  const user = await store.accounts.user(nameOrId);
  if (!user) throw new UserError(`no user named ${JSON.stringify(String(nameOrId))}`, '`soloops user list` shows them');
  return user;
}

/** Changes a user's role (no-op, and no audit entry, when it is already that role). */
export async function setRoleOf(store: Store, by: Actor, nameOrId: string | number, role: string, now: Date) {
  const wanted: Role = checkRole(role);
  const user = await findUser(store, nameOrId);
  if (user.role === wanted) return { user: publicUser(user), changed: false };
  const changed = await store.accounts.updateUser(user.id, { role: wanted }, now);
  await store.audit.record(
    { ...by, action: 'user.role', target: user.name, detail: { from: user.role, to: wanted } },
    now,
  );
  return { user: publicUser(changed ?? user), changed: true };
}

/** Disables (signing the user out everywhere) or enables a user; no-op when already so. */
export async function setDisabledOf(store: Store, by: Actor, nameOrId: string | number, disabled: boolean, now: Date) {
  const user = await findUser(store, nameOrId);
  if (user.disabled === disabled) return { user: publicUser(user), changed: false };
  const changed = await store.accounts.updateUser(user.id, { disabled }, now);
  await store.audit.record({ ...by, action: disabled ? 'user.disable' : 'user.enable', target: user.name }, now);
  return { user: publicUser(changed ?? user), changed: true };
}

/**
 * Sets a new password (generated when none is given, returned once) and ends the user's sessions:
 * a reset usually means the old password leaked, so whoever used it is signed out too.
 */
export async function resetPasswordOf(
  store: Store,
  by: Actor,
  nameOrId: string | number,
  password: string | undefined,
  now: Date,
): Promise<AddedUser & { sessionsEnded: number }> {
  const generated = password === undefined ? generatePassword() : undefined;
  const chosen = checkPassword(password ?? (generated as string));
  const user = await findUser(store, nameOrId);
  const changed = await store.accounts.updateUser(user.id, { passwordHash: await hashPassword(chosen) }, now);
  const sessionsEnded = await store.accounts.revokeSessionsOf(user.id, now);
  await store.audit.record({ ...by, action: 'user.password', target: user.name, detail: { sessionsEnded } }, now);
  const result = { user: publicUser(changed ?? user), sessionsEnded };
  return generated === undefined ? result : { ...result, generatedPassword: generated };
}

/** Refuses a bad name or role, or a name already taken, before the CLI asks for a password. */
export async function checkNewUser(app: AppContext, input: { name: string; role: string }): Promise<void> {
  checkName(input.name);
  checkRole(input.role);
  if (app.databaseExists()) await withStore(app, {}, (store) => refuseTaken(store, input.name));
}

/** The user, or a UserError pointing at the list: said before the CLI asks for a new password. */
export function findUserIn(app: AppContext, name: string): Promise<UserJson> {
  return withStore(app, {}, async (store) => publicUser(await findUser(store, name)));
}

/** `soloops user add`. */
export function addUser(app: AppContext, input: { name: string; role: string; password?: string | undefined }) {
  return withStore(app, {}, (store) => addUserTo(store, cliActor(app.env), input, new Date()));
}

/** `soloops user list`: every user, by name, without password hashes. */
export async function listUsers(app: AppContext): Promise<UserJson[]> {
  return withStore(app, {}, async (store) => (await store.accounts.listUsers()).map(publicUser));
}

/**
 * Runs a change and says whether it removed the last enabled admin. The CLI allows that (it is also
 * how a locked-out console is repaired) but warns: nobody could then manage users in the console.
 */
async function watchingAdmins<T extends { changed: boolean }>(
  store: Store,
  change: () => Promise<T>,
): Promise<T & { lastAdminGone: boolean }> {
  const admins = async () => (await store.accounts.listUsers()).filter((u) => u.role === 'admin' && !u.disabled);
  const before = (await admins()).length;
  const result = await change();
  return { ...result, lastAdminGone: result.changed && before > 0 && (await admins()).length === 0 };
}

/** `soloops user set-role NAME ROLE`. */
export function setRole(app: AppContext, name: string, role: string) {
  return withStore(app, {}, (store) =>
    watchingAdmins(store, () => setRoleOf(store, cliActor(app.env), name, role, new Date())),
  );
}

/** `soloops user disable NAME`: refused logins, and every session ended now. */
export function disableUser(app: AppContext, name: string) {
  return withStore(app, {}, (store) =>
    watchingAdmins(store, () => setDisabledOf(store, cliActor(app.env), name, true, new Date())),
  );
}

/** `soloops user enable NAME`. */
export function enableUser(app: AppContext, name: string) {
  return withStore(app, {}, (store) => setDisabledOf(store, cliActor(app.env), name, false, new Date()));
}

/** `soloops user reset-password NAME`. */
export function resetPassword(app: AppContext, name: string, password?: string) {
  return withStore(app, {}, (store) => resetPasswordOf(store, cliActor(app.env), name, password, new Date()));
}
