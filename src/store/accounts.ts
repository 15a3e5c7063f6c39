import { type Kysely, type Selectable, sql, type Updateable } from 'kysely';
import type { ApiKeyJson, Role } from '../core/console.js';
import { UserError } from '../core/errors.js';
import type { AccountStore, StoredSession, StoredUser } from './console-types.js';
import type { ApiKeysTable, SessionsTable, UsersTable } from './schema-console.js';
import type { Database } from './schema.js';

const iso = (d: Date) => d.toISOString();
/** SQLite hands back the ISO text it was given, PostgreSQL a Date: both read back the same way. */
const toIso = (v: string | Date) => new Date(v).toISOString();
const toIsoOrNull = (v: string | Date | null) => (v === null ? null : toIso(v));

function toUser(r: Selectable<UsersTable>): StoredUser {
  return {
    id: r.id,
    name: r.name,
    role: r.role as Role,
    disabled: Number(r.disabled) !== 0,
    createdAt: toIso(r.created_at),
    lastLoginAt: toIsoOrNull(r.last_login_at),
    passwordHash: r.password_hash,
  };
}

function toSession(r: Selectable<SessionsTable>): StoredSession {
  return {
    id: r.id,
    userId: r.user_id,
    createdAt: new Date(r.created_at),
    accessExpiresAt: new Date(r.access_expires_at),
    refreshExpiresAt: new Date(r.refresh_expires_at),
    lastSeenAt: new Date(r.last_seen_at),
    revokedAt: r.revoked_at === null ? null : new Date(r.revoked_at),
  };
}

function toKey(r: Selectable<ApiKeysTable>): ApiKeyJson {
  return {
    id: r.id,
    name: r.name,
    role: r.role as Role,
    prefix: r.prefix,
    createdBy: r.created_by,
    createdAt: toIso(r.created_at),
    lastUsedAt: toIsoOrNull(r.last_used_at),
    revokedAt: toIsoOrNull(r.revoked_at),
  };
}

/** The users, sessions and api_keys tables (migration 014) over an opened database (see AccountStore). */
export function createAccountStore(db: Kysely<Database>): AccountStore {
  const userBy = async (nameOrId: string | number) => {
    const query = db.selectFrom('users').selectAll();
    const row = await (typeof nameOrId === 'number'
      ? query.where('id', '=', nameOrId)
      : query.where('name', '=', nameOrId)
    ).executeTakeFirst();
    return row ? toUser(row) : null;
  };

  /** A session by one of its token hashes, with its user, while it is not revoked. */
  const sessionBy = async (column: 'access_hash' | 'refresh_hash', hash: string) => {
    const row = await db
      .selectFrom('sessions')
      .selectAll()
      .where(column, '=', hash)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    if (!row) return null;
    const user = await userBy(row.user_id);
    return user ? { session: toSession(row), user } : null;
  };

  const revokeSessionsOf = async (userId: number, now: Date) => {
    const result = await db
      .updateTable('sessions')
      .set({ revoked_at: iso(now) })
      .where('user_id', '=', userId)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  };

  return {
    async addUser(input, now) {
      try {
        const row = await db
          .insertInto('users')
          .values({ name: input.name, role: input.role, password_hash: input.passwordHash, created_at: iso(now) })
          .returningAll()
          .executeTakeFirstOrThrow();
        return toUser(row);
      } catch (error) {
        // The unique index answers a race the caller's own check cannot; either driver's wording will do.
        if (await userBy(input.name))
          throw new UserError(`a user named ${input.name} already exists`, 'pick another name, or change that user');
        throw error;
      }
    },

    user: userBy,

    async listUsers() {
      const rows = await db.selectFrom('users').selectAll().orderBy('name').execute();
      return rows.map(toUser);
    },

    async updateUser(id, changes, now) {
      return db.transaction().execute(async (trx) => {
        const set: Updateable<UsersTable> = {};
        if (changes.role !== undefined) set.role = changes.role;
        if (changes.disabled !== undefined) set.disabled = changes.disabled ? 1 : 0;
        if (changes.passwordHash !== undefined) set.password_hash = changes.passwordHash;
        if (changes.lastLoginAt !== undefined) set.last_login_at = iso(changes.lastLoginAt);
        if (Object.keys(set).length > 0) await trx.updateTable('users').set(set).where('id', '=', id).execute();
        // A disabled person is signed out everywhere at once, not when their tokens run out.
        if (changes.disabled === true)
          await trx
            .updateTable('sessions')
            .set({ revoked_at: iso(now) })
            .where('user_id', '=', id)
            .where('revoked_at', 'is', null)
            .execute();
        const row = await trx.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
        return row ? toUser(row) : null;
      });
    },

    async createSession(input, now) {
      const row = await db
        .insertInto('sessions')
        .values({
          user_id: input.userId,
          access_hash: input.accessHash,
          refresh_hash: input.refreshHash,
          created_at: iso(now),
          access_expires_at: iso(input.accessExpiresAt),
          refresh_expires_at: iso(input.refreshExpiresAt),
          last_seen_at: iso(now),
          address: input.address,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return toSession(row);
    },

    sessionByAccess: (accessHash) => sessionBy('access_hash', accessHash),
    sessionByRefresh: (refreshHash) => sessionBy('refresh_hash', refreshHash),

    async rotateSession(id, tokens, now) {
      const result = await db
        .updateTable('sessions')
        .set({
          access_hash: tokens.accessHash,
          refresh_hash: tokens.refreshHash,
          access_expires_at: iso(tokens.accessExpiresAt),
          refresh_expires_at: iso(tokens.refreshExpiresAt),
          last_seen_at: iso(now),
        })
        .where('id', '=', id)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },

    async touchSession(id, now) {
      await db
        .updateTable('sessions')
        .set({ last_seen_at: iso(now) })
        .where('id', '=', id)
        .execute();
    },

    async revokeSession(id, now) {
      await db
        .updateTable('sessions')
        .set({ revoked_at: iso(now) })
        .where('id', '=', id)
        .where('revoked_at', 'is', null)
        .execute();
    },

    revokeSessionsOf,

    async createKey(input, now) {
      const row = await db
        .insertInto('api_keys')
        .values({
          name: input.name,
          role: input.role,
          key_hash: input.keyHash,
          prefix: input.prefix,
          created_by: input.createdBy,
          created_at: iso(now),
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return toKey(row);
    },

    async keyByHash(keyHash) {
      const row = await db
        .selectFrom('api_keys')
        .selectAll()
        .where('key_hash', '=', keyHash)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      return row ? toKey(row) : null;
    },

    async listKeys() {
      const rows = await db.selectFrom('api_keys').selectAll().orderBy('id').execute();
      return rows.map(toKey);
    },

    async revokeKey(idOrPrefix, now) {
      const key = await findKey(db, idOrPrefix);
      if (!key) return null;
      // Revoking twice keeps the first time: the audit log and the list say when it really stopped.
      await db
        .updateTable('api_keys')
        .set({ revoked_at: iso(now) })
        .where('id', '=', key.id)
        .where('revoked_at', 'is', null)
        .execute();
      const row = await db.selectFrom('api_keys').selectAll().where('id', '=', key.id).executeTakeFirstOrThrow();
      return toKey(row);
    },

    async touchKey(id, now) {
      await db
        .updateTable('api_keys')
        .set({ last_used_at: iso(now) })
        .where('id', '=', id)
        .execute();
    },
  };
}

/**
 * A key by id (a number, or digits) or by prefix: the whole prefix `sok_ab12cd34` as the list shows
 * it, or its start when that names one key. Live keys win over revoked ones with the same prefix.
 */
async function findKey(db: Kysely<Database>, idOrPrefix: string | number): Promise<ApiKeyJson | null> {
  const typed = typeof idOrPrefix === 'number' ? String(idOrPrefix) : idOrPrefix.trim();
  if (/^\d+$/.test(typed)) {
    const row = await db.selectFrom('api_keys').selectAll().where('id', '=', Number(typed)).executeTakeFirst();
    return row ? toKey(row) : null;
  }
  if (!typed) return null;
  const rows = await db
    .selectFrom('api_keys')
    .selectAll()
    .where(sql<string>`substr(prefix, 1, ${sql.lit(typed.length)})`, '=', typed)
    .orderBy('id')
    .execute();
  const live = rows.filter((r) => r.revoked_at === null);
  const candidates = live.length > 0 ? live : rows;
  if (candidates.length > 1) {
    const exact = candidates.filter((r) => r.prefix === typed);
    if (exact.length === 1 && exact[0]) return toKey(exact[0]);
    throw new UserError(
      `the prefix ${typed} matches several keys (${candidates.map((r) => r.id).join(', ')})`,
      'give the key id from `soloops user key list` instead',
    );
  }
  return candidates[0] ? toKey(candidates[0]) : null;
}
