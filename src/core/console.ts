/**
 * The web console's shared vocabulary: roles, the permission matrix, and the JSON the console API
 * answers and pushes. The server (src/watch/console, src/app/console) and the page (src/web) both
 * import it, so the two cannot drift apart; it imports nothing.
 */

export const ROLES = ['viewer', 'reporter', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/**
 * THE permission matrix: which roles may do what. Every API route names one permission and the
 * server checks it on every request (the page only hides what the API would refuse anyway).
 * README shows this table; keep the two in step.
 */
export const PERMISSIONS = {
  /** Every console page and every GET of the API. */
  read: ['viewer', 'reporter', 'admin'],
  /** Open an incident (POST /api/incidents). */
  'incident.create': ['reporter', 'admin'],
  /** Edit an incident and post status updates; save drafts. */
  'incident.update': ['reporter', 'admin'],
  /** Delete an incident. */
  'incident.delete': ['admin'],
  /** Mark an alert's verdict correct or wrong (the same feedback as `soloops triage feedback`). */
  'alert.feedback': ['reporter', 'admin'],
  /** Push usage rows (POST /v1/requests) for the SLA report. */
  'usage.record': ['reporter', 'admin'],
  /** Add users, change roles, disable, reset passwords; create and revoke API keys. */
  'user.manage': ['admin'],
  /** Read the audit log. */
  'audit.read': ['admin'],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

/** True when `role` may do `permission`: the one check every route makes. */
export function can(role: Role, permission: Permission): boolean {
  return (PERMISSIONS[permission] as readonly Role[]).includes(role);
}

/** Session lifetimes (`console:` in soloops.yaml overrides each), in milliseconds. */
export const SESSION_DEFAULTS = {
  accessTtlMs: 24 * 3_600_000,
  refreshTtlMs: 7 * 24 * 3_600_000,
  idleTimeoutMs: 2 * 3_600_000,
} as const;

/** Who is asking: a console session, an API key, or the daemon's admin token (watch.auth.default.token). */
export interface Principal {
  kind: 'session' | 'key' | 'token';
  /** The user's name; for a key `key:<its name>`; for the token, "admin token". */
  name: string;
  role: Role;
  /** The user's id (sessions; keys: their creator's when a console user made them), for drafts and presence. */
  userId?: number | undefined;
}

/** `GET /api/auth/me`, and the body of a successful `POST /api/auth/login`. */
export interface MeJson {
  user: { id: number | null; name: string; role: Role };
  /** The permissions this role has, so the page can hide what the API would refuse. */
  permissions: Permission[];
  /** When the access token expires and when the session ends if idle (ISO). */
  expiresAt: string | null;
  idleExpiresAt: string | null;
}

export interface UserJson {
  id: number;
  name: string;
  role: Role;
  disabled: boolean;
  createdAt: string;
  lastLoginAt: string | null;
}

export interface ApiKeyJson {
  id: number;
  name: string;
  role: Role;
  /** The first characters of the key, to tell keys apart (`sok_ab12…`); the key itself is shown once. */
  prefix: string;
  createdBy: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export const AUDIT_ACTIONS = [
  'login',
  'login.failed',
  'logout',
  'incident.create',
  'incident.update',
  'incident.delete',
  'alert.feedback',
  'user.create',
  'user.role',
  'user.disable',
  'user.enable',
  'user.password',
  'key.create',
  'key.revoke',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export interface AuditEntryJson {
  id: number;
  at: string;
  /** Who did it (a user's name, `key:<name>`, `admin token`, `cli:<$USER>`), or the name tried for a failed login. */
  actor: string;
  action: AuditAction;
  /** What it was done to: an incident id, a user's name, a key's prefix. */
  target: string | null;
  /** The client's address for HTTP requests; null from the CLI. */
  address: string | null;
  detail: Record<string, unknown>;
}

/** `GET /api/overview`: the first page. */
export interface OverviewJson {
  generatedAt: string;
  services: Array<{ id: string; name: string; state: string; uptime30d: number | null }>;
  openGroups: Array<{
    id: number;
    service: string;
    title: string;
    severity: string;
    state: string;
    count: number;
    lastSeen: string;
  }>;
  activeIncidents: Array<{ id: string; title: string; status: string; severity: string; priority: string }>;
  /** Tonight's wake ladder: running ladders and whether quiet hours hold calls back. */
  wake: {
    quietHours: { from: string; to: string; timeZone: string } | null;
    ladders: Array<{ groupId: number; title: string; step: string; nextAt: string | null; state: string }>;
  };
  /** This month's spend on calls and SMS (USD), and the configured cap when there is one. */
  spend: { monthUsd: number; calls: number; sms: number; capUsd: number | null };
}

/** One point of a host's history (`GET /api/hosts/:host/history?range=1h|24h|7d`). */
export interface HostPointJson {
  at: string;
  cpuPct: number | null;
  memUsedPct: number | null;
  diskMaxPct: number | null;
  load1: number | null;
  containers: number | null;
}

/** `GET /api/hosts`: each host's latest snapshot. */
export interface HostJson extends HostPointJson {
  host: string;
}

export const HOST_RANGES = { '1h': 3_600_000, '24h': 86_400_000, '7d': 7 * 86_400_000 } as const;
export type HostRange = keyof typeof HOST_RANGES;

/** `GET /api/alerts?limit=`: recent alerts with their verdict. */
export interface AlertRowJson {
  id: string;
  receivedAt: string;
  source: string;
  service: string | null;
  title: string;
  severity: string;
  confidence: number;
  classifier: string;
  reason: string;
  groupId: number | null;
  /** The person's feedback so far, if any. */
  feedback: { verdict: 'correct' | 'wrong'; severity: string } | null;
}

/** `GET|PUT|DELETE /api/drafts/:key` (`new` for the create form, else an incident id): per user, server side. */
export interface DraftJson {
  key: string;
  fields: Record<string, unknown>;
  /** The incident version the draft was based on (null for a new incident). */
  baseVersion: number | null;
  savedAt: string;
}

/**
 * What the server pushes on `GET /api/events` (WebSocket). Every event has a sequence number;
 * a client that reconnects with `?since=<seq>` gets what it missed, or `resync` when too much
 * was missed (then it reloads what it shows).
 */
export type ConsoleEvent =
  | { type: 'incident.created'; incidentId: string; title: string; by: string }
  | { type: 'incident.updated'; incidentId: string; version: number; by: string; status: string }
  | { type: 'incident.deleted'; incidentId: string; by: string }
  | { type: 'status'; services: Array<{ id: string; state: string }> }
  | { type: 'uptime'; services: Array<{ id: string; uptime30d: number | null }> }
  | { type: 'sla'; month: string }
  | { type: 'host'; host: HostJson }
  | { type: 'alert'; alert: AlertRowJson }
  | { type: 'presence'; incidentId: string; people: PresenceJson[] };

/** Someone on an incident page: viewing, or editing a field. */
export interface PresenceJson {
  userId: number | null;
  name: string;
  /** The field being edited (`title`, `description`, …); null while only viewing. */
  editing: string | null;
}

/** A pushed event as it travels: its sequence number and time. */
export type SequencedEvent = ConsoleEvent & { seq: number; at: string };

/** What a client sends on the socket: which incident it is on and which field it edits. */
export type ClientMessage =
  | { type: 'view'; incidentId: string | null }
  | { type: 'editing'; incidentId: string; field: string | null };

/** The server's frames: one event, or `resync` when the client missed more than the server keeps. */
export type ServerFrame = SequencedEvent | { type: 'resync'; seq: number } | { type: 'hello'; seq: number };
