import type { ColumnType, Generated } from 'kysely';

/** As schema.ts's Timestamp (not imported from there: schema.ts imports this file). */
type Timestamp = ColumnType<string | Date, string, string>;

/** `users` (migration 014): console accounts; the password only as an argon2id hash. */
export interface UsersTable {
  id: Generated<number>;
  name: string;
  role: string;
  password_hash: string;
  disabled: Generated<number>;
  created_at: Timestamp;
  last_login_at: Timestamp | null;
}

/** `api_keys` (014): keys for scripts and CI; only the SHA-256 of the key is kept. */
export interface ApiKeysTable {
  id: Generated<number>;
  name: string;
  role: string;
  key_hash: string;
  prefix: string;
  created_by: string;
  created_at: Timestamp;
  last_used_at: Timestamp | null;
  revoked_at: Timestamp | null;
}

/** `sessions` (014): one per login; the access and refresh tokens only as SHA-256 hashes. */
export interface SessionsTable {
  id: Generated<number>;
  user_id: number;
  access_hash: string;
  refresh_hash: string;
  created_at: Timestamp;
  access_expires_at: Timestamp;
  refresh_expires_at: Timestamp;
  last_seen_at: Timestamp;
  revoked_at: Timestamp | null;
  address: string | null;
}

/** `audit_log` (014): who did what, when, from where. */
export interface AuditLogTable {
  id: Generated<number>;
  at: Timestamp;
  actor: string;
  action: string;
  target: string | null;
  address: string | null;
  /** JSON text. */
  detail: Generated<string>;
}

/** `drafts` (014): a user's unsaved form (`new` or an incident id), autosaved. */
export interface DraftsTable {
  user_id: number;
  key: string;
  /** JSON text. */
  fields: string;
  base_version: number | null;
  saved_at: Timestamp;
}

export interface ConsoleTables {
  users: UsersTable;
  api_keys: ApiKeysTable;
  sessions: SessionsTable;
  audit_log: AuditLogTable;
  drafts: DraftsTable;
}
