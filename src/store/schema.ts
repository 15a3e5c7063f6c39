import type { ColumnType, Generated } from 'kysely';
import type { ConsoleTables } from './schema-console.js';
import type { IncidentLinkTables } from './schema-incident-links.js';
import type { SlaTables } from './schema-sla.js';

/**
 * A UTC instant: written as an ISO-8601 string on both backends; read back as ISO text from
 * SQLite and as a Date from PostgreSQL (timestamptz), so readers convert with `new Date(v)`.
 */
export type Timestamp = ColumnType<string | Date, string, string>;

/** The `snapshots` table (migration 001). */
export interface SnapshotsTable {
  id: Generated<number>;
  taken_at: Timestamp;
  host: string;
  cpu_pct: number | null;
  mem_used_pct: number | null;
  disk_max_pct: number | null;
  load1: number | null;
  containers: number | null;
  path: string | null;
  uploaded_url: string | null;
}

/**
 * The `alerts` table (migration 002): one row per triage result. `labels` and `raw` are JSON
 * text on both backends (not jsonb, which would reorder keys and reject NUL escapes).
 */
export interface AlertsTable {
  id: string;
  received_at: Timestamp;
  source: string;
  service: string;
  title: string;
  body: string;
  labels: string;
  status: string;
  fingerprint: string;
  // The alert group it joins; null until the grouping stage (a later migration adds the groups).
  group_id: number | null;
  severity_hint: string | null;
  severity_text: string | null;
  severity: string;
  confidence: number;
  classifier: string;
  reason: string;
  raw: string;
}

/** The `feedback` table (migration 002): the person's verdicts, joined to `alerts` when read. */
export interface FeedbackTable {
  id: Generated<number>;
  alert_id: string;
  verdict: string;
  severity: string;
  created_at: Timestamp;
}

/**
 * The `corrections` table (migration 007): the person's verdicts on types of alerts given
 * without a stored alert (`triage teach`); `alert` is the normalized alert as JSON text.
 */
export interface CorrectionsTable {
  id: Generated<number>;
  type: string;
  fingerprint: string;
  severity: string;
  title: string;
  source: string;
  service: string;
  alert: string;
  alert_id: string | null;
  created_at: Timestamp;
}

/** The `models` table (migration 002). `active` is 0/1 on both backends (SQLite has no boolean). */
export interface ModelsTable {
  id: Generated<number>;
  kind: string;
  created_at: Timestamp;
  data: string;
  metrics: string;
  active: number;
}

/** The `inbox` table (migration 003): accepted alerts the watch pipeline has not processed yet. */
export interface InboxTable {
  seq: Generated<number>;
  id: string;
  received_at: Timestamp;
  alert: string;
  /** Passes in which this alert failed on its own (migration 006). */
  attempts: Generated<number>;
}

/** The `dead_letters` table (migration 006): alerts the pipeline could not process, kept with the error. */
export interface DeadLettersTable {
  id: string;
  received_at: Timestamp;
  alert: string;
  error: string;
  attempts: number;
  failed_at: Timestamp;
}

/** The `alert_groups` table (migration 003). */
export interface AlertGroupsTable {
  id: Generated<number>;
  group_key: string;
  service: string;
  title: string;
  severity: string;
  state: string;
  first_seen: Timestamp;
  last_seen: Timestamp;
  alert_count: number;
  last_alert_id: string;
  resolved_at: Timestamp | null;
  routed_at: Timestamp | null;
  routed_count: Generated<number>;
  routed_severity: string | null;
}

/** The `routes` table (migration 003): each routing decision of the watch pipeline. */
export interface RoutesTable {
  id: Generated<number>;
  group_id: number;
  target: string;
  severity: string;
  alert_count: number;
  reason: string;
  created_at: Timestamp;
  done_at: Timestamp | null;
}

/** The `check_results` table (migration 003): one row per health-check probe. */
export interface CheckResultsTable {
  id: Generated<number>;
  check_name: string;
  at: Timestamp;
  ok: number;
  status: number | null;
  ms: number;
  error_type: string | null;
  error: string | null;
}

/** The `silences` table (migration 003). */
export interface SilencesTable {
  id: Generated<number>;
  matchers: string;
  starts_at: Timestamp;
  ends_at: Timestamp;
  comment: string;
  created_at: Timestamp;
}

/** The `wake_ladders` table (migration 004): one Smart Wake ladder per critical group. */
export interface WakeLaddersTable {
  id: Generated<number>;
  group_id: number;
  state: string;
  steps: string;
  next_step: number;
  next_at: Timestamp | null;
  started_at: Timestamp;
  acked_at: Timestamp | null;
  acked_via: string | null;
}

/** The `notifications` table (migration 004): every attempt on every channel. */
export interface NotificationsTable {
  id: Generated<number>;
  ladder_id: number | null;
  group_id: number;
  channel: string;
  kind: string;
  step: number;
  attempt: number;
  scheduled_at: Timestamp;
  sent_at: Timestamp | null;
  outcome: string;
  provider_id: string | null;
  cost_usd: Generated<number>;
  error: string | null;
  /** The leader's fencing token when it recorded the attempt (migration 011); null before 011 or outside a daemon. */
  fencing_token: Generated<string | number | null>;
}

/** The `digests` table (migration 005): one morning digest per window. */
export interface DigestsTable {
  id: Generated<number>;
  window_from: Timestamp;
  window_to: Timestamp;
  generated_at: Timestamp;
  body: string;
  html: string | null;
  status: string;
  channels: string;
  sent_at: Timestamp | null;
  error: string | null;
  /** As in notifications (migration 011). */
  fencing_token: Generated<string | number | null>;
}

/** The `watch_leader` table (migration 011): one row, who leads the daemons and the current fencing token. */
export interface WatchLeaderTable {
  id: number;
  /** bigint: a string from PostgreSQL, a number from SQLite. */
  token: string | number;
  holder: string | null;
  since: Timestamp | null;
  /** The leader's heartbeat: a follower ends the session of a leader that stopped renewing (frozen). */
  renewed_at: Generated<Timestamp | null>;
}

/** The `incident_sequences` table (migration 008): the last incident number given each year. */
export interface IncidentSequencesTable {
  year: number;
  last: number;
}

/** The `incidents` table (migration 008); `services` is JSON text, `priority_auto` 0/1. */
export interface IncidentsTable {
  id: string;
  title: string;
  description: string;
  severity: string;
  priority: string;
  priority_auto: number;
  status: string;
  services: string;
  reporter: string;
  detection: string;
  created_at: Timestamp;
  resolved_at: Timestamp | null;
  /** Counts up with every edit and status update (migration 014); a write based on an older one is refused. */
  version: Generated<number>;
}

/** The `incident_updates` table (migration 008): an incident's timeline. */
export interface IncidentUpdatesTable {
  id: Generated<number>;
  incident_id: string;
  status: string;
  note: string;
  author: string;
  created_at: Timestamp;
}

/** Every table the store owns, for Kysely's type checking. */
export interface Database extends SlaTables, IncidentLinkTables, ConsoleTables {
  snapshots: SnapshotsTable;
  alerts: AlertsTable;
  feedback: FeedbackTable;
  corrections: CorrectionsTable;
  models: ModelsTable;
  inbox: InboxTable;
  alert_groups: AlertGroupsTable;
  routes: RoutesTable;
  check_results: CheckResultsTable;
  silences: SilencesTable;
  wake_ladders: WakeLaddersTable;
  notifications: NotificationsTable;
  watch_leader: WatchLeaderTable;
  digests: DigestsTable;
  dead_letters: DeadLettersTable;
  incident_sequences: IncidentSequencesTable;
  incidents: IncidentsTable;
  incident_updates: IncidentUpdatesTable;
}

/** Which SQL dialect a store speaks; migrations branch on it only for column types. */
export type StoreKind = 'sqlite' | 'postgres';
