import type { ApiKeyJson, AuditAction, AuditEntryJson, DraftJson, Role, UserJson } from '../core/console.js';

/** A user as the store keeps them, with the password hash (never leaves app/watch code). */
export interface StoredUser extends UserJson {
  passwordHash: string;
}

/** A session row: the tokens themselves are never stored, only their SHA-256 hashes. */
export interface StoredSession {
  id: number;
  userId: number;
  createdAt: Date;
  accessExpiresAt: Date;
  refreshExpiresAt: Date;
  lastSeenAt: Date;
  revokedAt: Date | null;
}

/** Users, their sessions and API keys (migration 014). Hashing is the caller's: the store keeps what it is given. */
export interface AccountStore {
  addUser(input: { name: string; role: Role; passwordHash: string }, now: Date): Promise<StoredUser>;
  /** By name (case-sensitive) or id; null when none. */
  user(nameOrId: string | number): Promise<StoredUser | null>;
  listUsers(): Promise<StoredUser[]>;
  /** Changes what is given; null when no such user. Disabling also revokes the user's sessions. */
  updateUser(
    id: number,
    changes: { role?: Role; disabled?: boolean; passwordHash?: string; lastLoginAt?: Date },
    now: Date,
  ): Promise<StoredUser | null>;
  createSession(
    input: {
      userId: number;
      accessHash: string;
      refreshHash: string;
      accessExpiresAt: Date;
      refreshExpiresAt: Date;
      address: string | null;
    },
    now: Date,
  ): Promise<StoredSession>;
  /** The live (not revoked) session whose access token hashes to this, with its user; null otherwise. */
  sessionByAccess(accessHash: string): Promise<{ session: StoredSession; user: StoredUser } | null>;
  sessionByRefresh(refreshHash: string): Promise<{ session: StoredSession; user: StoredUser } | null>;
  /** New tokens for a session (refresh rotates both); false when it was revoked meanwhile. */
  rotateSession(
    id: number,
    tokens: { accessHash: string; refreshHash: string; accessExpiresAt: Date; refreshExpiresAt: Date },
    now: Date,
  ): Promise<boolean>;
  touchSession(id: number, now: Date): Promise<void>;
  revokeSession(id: number, now: Date): Promise<void>;
  revokeSessionsOf(userId: number, now: Date): Promise<number>;
  createKey(
    input: { name: string; role: Role; keyHash: string; prefix: string; createdBy: string },
    now: Date,
  ): Promise<ApiKeyJson>;
  /** The unrevoked key with this hash; null otherwise. */
  keyByHash(keyHash: string): Promise<ApiKeyJson | null>;
  listKeys(): Promise<ApiKeyJson[]>;
  /** By id or prefix; the revoked key, or null when none matched. */
  revokeKey(idOrPrefix: string | number, now: Date): Promise<ApiKeyJson | null>;
  touchKey(id: number, now: Date): Promise<void>;
}

/** The audit log (migration 014): appended to, never edited. */
export interface AuditStore {
  record(
    entry: {
      actor: string;
      action: AuditAction;
      target?: string | null | undefined;
      address?: string | null | undefined;
      detail?: Record<string, unknown> | undefined;
    },
    now: Date,
  ): Promise<void>;
  /** Newest first. */
  list(filter: { since?: Date | undefined; limit?: number | undefined }): Promise<AuditEntryJson[]>;
}

/** Server-side drafts of incident forms, per user and key (`new` or an incident id). */
export interface DraftStore {
  get(userId: number, key: string): Promise<DraftJson | null>;
  save(userId: number, draft: Omit<DraftJson, 'savedAt'>, now: Date): Promise<DraftJson>;
  discard(userId: number, key: string): Promise<void>;
}
