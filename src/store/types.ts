import type { AccountStore, AuditStore, DraftStore } from './console-types.js';
import type { NormalizedAlert, Severity, TriageResult } from '../core/alert.js';
import type { IncidentStore } from '../core/incident.js';
import type { Fence, Leadership, LeaderView } from '../core/leader.js';
import type { SlaStore } from '../core/sla.js';
import type { SilenceStore, WatchStore } from '../core/watch.js';
import type { Ladder, WakeStore } from '../core/wake.js';
import type { MaintenanceStore } from './maintenance.js';
import type { AlertGroup, CheckResultRow } from '../core/watch.js';

/** One snapshot's summary row, kept so later commands can chart history. */
export interface SnapshotRow {
  takenAt: Date;
  host: string;
  cpuPct: number | null;
  memUsedPct: number | null;
  diskMaxPct: number | null;
  load1: number | null;
  containers: number | null;
  /** Local file the snapshot was written to, if any. */
  path: string | null;
  /** s3:// URL it was uploaded to, if any. */
  uploadedUrl: string | null;
}

/** The database behind every command: SQLite by default, PostgreSQL by URL. */
export interface Store {
  /** `sqlite` or `postgres`. */
  readonly kind: 'sqlite' | 'postgres';
  recordSnapshot(row: SnapshotRow): Promise<number>;
  /** Newest first; `since`: taken at or after it (the console's history charts). */
  listSnapshots(options?: { host?: string; limit?: number; since?: Date }): Promise<SnapshotRow[]>;
  /**
   * Stores triage results in one transaction (multi-row inserts sized to the driver's parameter
   * limit). A result whose alert id is already stored is skipped, so a retried batch is harmless.
   */
  insertTriageResults(results: readonly TriageResult[]): Promise<void>;
  /**
   * The stored alert with this id, or with this id prefix (at least 8 characters, like git) when
   * exactly one id starts with it; null when none does. UserError for a shorter prefix that is
   * not a whole id, or for a prefix several ids share.
   */
  getAlert(idOrPrefix: string): Promise<StoredAlert | null>;
  /**
   * Records the person's verdict on a stored alert (whole id); returns the feedback id. For
   * `correct` the severity must be the alert's own. UserError when no alert has the id.
   */
  recordFeedback(input: { alertId: string; verdict: Verdict; severity: Severity }): Promise<number>;
  /** The latest verdict per alert, oldest first, each with its alert (for retraining). */
  listFeedback(): Promise<FeedbackEntry[]>;
  /** The person's corrections given without a stored alert (`triage teach`), and forgetting any. */
  readonly corrections: CorrectionStore;
  /** Stores a model as the active one of its kind (others of the kind deactivated); returns its id. */
  saveModel(input: { kind: string; data: unknown; metrics: unknown }): Promise<number>;
  /** The active model of the kind, or null when none was saved. */
  activeModel(kind: string): Promise<StoredModel | null>;
  /** The active model's id alone (null when there is none): has the person taught anything since? */
  activeModelId(kind: string): Promise<number | null>;
  /** The watch daemon's inbox, groups, routes and check results. */
  readonly watch: WatchStore;
  /** Silences: matching alerts are kept out of waking while one is active. */
  readonly silences: SilenceStore;
  /** Smart Wake's ladders and every notification attempt with its cost. */
  readonly wake: WakeStore;
  /** What the morning digest reads, and the digests themselves. */
  readonly digest: DigestStore;
  /** Incidents and their timelines (migration 008). */
  readonly incidents: IncidentStore;
  /** Check roll-ups and imported usage for SLA reports and the status page (migration 009). */
  readonly sla: SlaStore;
  /** Sizes, retention and backups (`soloops store`). */
  readonly maintenance: MaintenanceStore;
  /** Console users, sessions and API keys (migration 014). */
  readonly accounts: AccountStore;
  /** The audit log of the console, the API and the `user` command. */
  readonly audit: AuditStore;
  /** Server-side drafts of the console's incident forms. */
  readonly drafts: DraftStore;
  /**
   * From now on every wake attempt and digest this store records carries the fence's token and is
   * refused (DeposedError; a claimed step comes back null) unless that token is still the current
   * leader's. Set once by `soloops watch`; one-shot commands stay unfenced.
   */
  fenceWith(fence: Fence): void;
  /**
   * This daemon's part in leading the daemons that share the database (issue 17): a PostgreSQL
   * session advisory lock, or on SQLite (single node) always this one. Call `start()` to compete.
   */
  leadership(node: string): Leadership;
  /** Who leads as the database says (`watch status`), and the current fencing token. */
  leader(): Promise<Omit<LeaderView, 'node' | 'leading'>>;
  /** Names of the migrations applied to this database, oldest first (e.g. `001_snapshots`). */
  appliedMigrations(): Promise<string[]>;
  close(): Promise<void>;
}

/** How to open the store: a postgres:// URL, or the data folder for the SQLite file. */
export interface StoreOptions {
  url?: string | undefined;
  home: string;
  /** SQLite only: how long to wait for another process's lock before failing (default 5000 ms). */
  busyTimeoutMs?: number | undefined;
  /**
   * SQLite only: sync every commit to disk (synchronous=FULL), so an acknowledged webhook survives
   * even a power cut. The watch daemon asks for it; batch commands keep WAL's NORMAL.
   */
  durable?: boolean | undefined;
  /** PostgreSQL only: the application_name of every connection (pg_stat_activity), e.g. `soloops-watch:vm1`. */
  applicationName?: string | undefined;
}

/** The SQLite file's name inside the data folder. */
export const SQLITE_FILE = 'soloops.db';

/**
 * A triage result as stored: the whole normalized alert (labels and raw parsed back,
 * `receivedAt` as ISO-8601 UTC) plus its verdict. Assignable to TriageResult; `evidence` is
 * not kept (it is recomputed from the model when needed).
 */
export interface StoredAlert extends Omit<TriageResult, 'evidence'> {
  alert: NormalizedAlert;
  /** The alert group it was routed to; null until the grouping stage has run. */
  groupId: number | null;
}

/** The person's verdict on a classification. */
export type Verdict = 'correct' | 'wrong';

/** One correction, joined to the alert it is about. */
export interface FeedbackEntry {
  alert: StoredAlert;
  /** The right severity for the alert, as the person said. */
  severity: Severity;
  verdict: Verdict;
  createdAt: Date;
}

/** A correction given without a stored alert (`triage teach`): the verdict on the alert's type. */
export interface NewCorrection {
  /** The type key (triage/type-key.ts). */
  type: string;
  severity: Severity;
  /** The alert as parsed; stored without `raw`, which retraining does not read. */
  alert: NormalizedAlert;
  /** A stored alert it came from, if any. */
  alertId?: string | null | undefined;
}

/** A correction as stored (migration 007), without its alert: what the feedback layer reads. */
export interface CorrectionVerdict {
  id: number;
  type: string;
  fingerprint: string;
  severity: Severity;
  title: string;
  alertId: string | null;
  createdAt: Date;
}

/** A correction as stored, with its alert (`raw` null): what retraining reads. */
export interface StoredCorrection extends CorrectionVerdict {
  alert: NormalizedAlert;
}

/** The `corrections` table, and forgetting the person's verdicts wherever they are kept. */
export interface CorrectionStore {
  /** Stores the corrections in one transaction (all or none); returns how many. */
  record(corrections: readonly NewCorrection[], now?: Date): Promise<number>;
  /** Every stored correction with its alert, oldest first. */
  list(): Promise<StoredCorrection[]>;
  /** The same without the alerts: cheap enough for every run's start. */
  verdicts(): Promise<CorrectionVerdict[]>;
  /**
   * Deletes, in one transaction, the corrections with these ids and every `feedback` verdict on
   * the alerts with these ids; returns how many rows went.
   */
  forget(target: { ids: readonly number[]; alertIds: readonly string[] }): Promise<number>;
}

/** A saved model: `data` and `metrics` are the JSON values saveModel was given. */
export interface StoredModel {
  id: number;
  data: unknown;
  metrics: unknown;
  createdAt: Date;
}

/** A digest as stored (migration 005): its window, the rendered Digest as JSON, and how sending went. */
export interface StoredDigest {
  id: number;
  window: { from: Date; to: Date };
  generatedAt: Date;
  body: string;
  /** The HTML as sent, once rendered. */
  html: string | null;
  status: 'pending' | 'sent' | 'failed';
  channels: string[];
  sentAt: Date | null;
  error: string | null;
}

/** What a digest is stored under: its window, and a night's scheduled end while the night is still going. */
export interface DigestKey {
  from: Date;
  to: Date;
  /** When set, the key's end instead of `to` (a night cut at now: every run that night is the same digest). */
  end?: Date | undefined;
}

/** The morning digest's part of the store. */
export interface DigestStore {
  /** The alerts of one group, oldest first, at most `limit` (for `digest show`). */
  alertsOfGroup(groupId: number, limit: number): Promise<StoredAlert[]>;
  /** Alerts received in [from, to), oldest first, at most `limit`. */
  alertsBetween(from: Date, to: Date, limit: number): Promise<StoredAlert[]>;
  /** When alerts with these fingerprints fired since `since` (for "fires often"). */
  firings(fingerprints: string[], since: Date): Promise<Array<{ fingerprint: string; receivedAt: Date }>>;
  groupsByIds(ids: number[]): Promise<AlertGroup[]>;
  /** The ladders of these groups, with how many calls and texts each made. */
  laddersOf(groupIds: number[]): Promise<Array<{ ladder: Ladder; calls: number; sms: number; delivered: number }>>;
  /**
   * Alerts that joined no group (stored by `soloops triage`) with this fingerprint, the newest `limit`,
   * oldest first (for `digest show` of an alert type the digest grouped itself).
   */
  ungroupedAlertsLike(fingerprint: string, limit: number): Promise<StoredAlert[]>;
  checkResultsBetween(from: Date, to: Date): Promise<CheckResultRow[]>;
  /** The window's digest: stored now (`created`), or the one already there (another sender got it first). */
  claimDigest(
    window: DigestKey,
    body: string,
    channels: string[],
    now: Date,
  ): Promise<{ digest: StoredDigest; created: boolean }>;
  markDigest(
    id: number,
    result: {
      status: StoredDigest['status'];
      sentAt?: Date | null;
      error?: string | null;
      body?: string;
      html?: string;
    },
  ): Promise<void>;
  getDigest(id: number): Promise<StoredDigest | null>;
  /** The digest of exactly this window, if one was stored. */
  digestFor(window: DigestKey): Promise<StoredDigest | null>;
  /** Digests whose sending failed since `since` (reported in the next one). */
  failedDigests(since: Date): Promise<StoredDigest[]>;
}
