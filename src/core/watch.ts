import type { NormalizedAlert, Severity, TriageResult } from './alert.js';

/** An alert group as stored: alerts of one incident, joined by their group key. */
export interface AlertGroup {
  id: number;
  key: string;
  service: string;
  title: string;
  /** The highest severity of its firing alerts. */
  severity: Severity;
  state: 'open' | 'acked' | 'resolved';
  firstSeen: Date;
  lastSeen: Date;
  alertCount: number;
  lastAlertId: string;
  resolvedAt: Date | null;
  /** When the group was last routed, how many alerts and what severity that covered. */
  routedAt: Date | null;
  routedCount: number;
  routedSeverity: Severity | null;
}

/** A routing decision: wake the person (critical) or queue for the digest. */
export interface RouteDecision {
  target: 'wake' | 'digest';
  severity: Severity;
  reason: string;
}

/** One health-check probe as stored. */
export interface CheckResultRow {
  check: string;
  at: Date;
  ok: boolean;
  status: number | null;
  ms: number;
  errorType: string | null;
  error: string | null;
}

/** A silence: alerts matching every matcher (field → glob) are kept out of waking while active. */
export interface Silence {
  id: number;
  matchers: Record<string, string>;
  startsAt: Date;
  endsAt: Date;
  comment: string;
}

/** An alert the pipeline could not process, kept with the error (migration 006). */
export interface DeadLetter {
  id: string;
  receivedAt: Date;
  /** The title when the stored alert can still be read; else null. */
  title: string | null;
  service: string | null;
  error: string;
  attempts: number;
  failedAt: Date;
}

/** The watch daemon's part of the store (migrations 003 and 006). */
export interface WatchStore {
  /** Accepts alerts durably (one transaction); once this resolves the webhook may be acknowledged. */
  enqueue(alerts: readonly NormalizedAlert[]): Promise<void>;
  /**
   * Accepted alerts not yet through the pipeline, oldest first; a row that cannot be read back
   * as an alert comes back in `unreadable` instead, for quarantine.
   */
  pending(limit: number): Promise<{ alerts: NormalizedAlert[]; unreadable: Array<{ id: string; error: string }> }>;
  /**
   * An alert failed the pipeline on its own: counts the attempt and, at `maxAttempts`, moves it
   * from the inbox to the dead letters with the error. Returns whether it was quarantined.
   */
  recordFailure(id: string, error: string, options: { now: Date; maxAttempts: number }): Promise<boolean>;
  /** The inbox now: how many wait and since when (for /healthz: is the pipeline draining?). */
  inboxState(): Promise<{ waiting: number; oldest: Date | null }>;
  /** Quarantined alerts, newest first, and how many there are in all. */
  deadLetters(options?: { since?: Date; limit?: number }): Promise<{ total: number; items: DeadLetter[] }>;
  /**
   * In one transaction: stores the triage results, joins each to the open group with its key
   * (or opens one; a resolved alert resolves it) and takes them out of the inbox. A group whose
   * last alert is older than `staleAfterMs` is not joined. Returns the groups touched.
   */
  commitGrouped(
    items: ReadonlyArray<{ result: TriageResult; groupKey: string }>,
    options: { now: Date; staleAfterMs: number },
  ): Promise<AlertGroup[]>;
  /**
   * Open groups: never routed and older than `waitMs` (critical ones at once), or with news since
   * `intervalMs` ago. At most a page (500), oldest first: call again after routing them.
   */
  groupsToRoute(now: Date, options: { waitMs: number; intervalMs: number }): Promise<AlertGroup[]>;
  /** Records a routing decision and what it covered. */
  recordRoute(group: AlertGroup, route: RouteDecision, now: Date): Promise<void>;
  /** Routing decisions, newest first. */
  listRoutes(options?: {
    groupId?: number;
    limit?: number;
  }): Promise<Array<RouteDecision & { id: number; groupId: number; alertCount: number; createdAt: Date }>>;
  /** How many groups are open or acked (for /healthz and the metrics gauge). */
  openGroupCount(): Promise<number>;
  /** Groups still open or acked, newest activity first. */
  openGroups(limit?: number): Promise<AlertGroup[]>;
  getGroup(id: number): Promise<AlertGroup | null>;
  recordCheckResult(row: CheckResultRow): Promise<void>;
  /** The newest result of every check. */
  latestCheckResults(): Promise<CheckResultRow[]>;
  /** A check's newest results, oldest first (to resume its up/down state after a restart). */
  recentCheckResults(check: string, limit: number): Promise<CheckResultRow[]>;
}

/** The silences' part of the store (migration 003): `soloops watch silence` writes it, the pipeline reads it. */
export interface SilenceStore {
  /** Stores a silence; returns its id. */
  add(input: Omit<Silence, 'id'>, now: Date): Promise<number>;
  /** Silences active at `now`, oldest first. */
  active(now: Date): Promise<Silence[]>;
  /** Ends a silence now; false when no active silence has the id. */
  expire(id: number, now: Date): Promise<boolean>;
}
