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

/** The watch daemon's part of the store (migration 003). */
export interface WatchStore {
  /** Accepts alerts durably (one transaction); once this resolves the webhook may be acknowledged. */
  enqueue(alerts: readonly NormalizedAlert[]): Promise<void>;
  /** Accepted alerts not yet through the pipeline, oldest first. */
  pending(limit: number): Promise<NormalizedAlert[]>;
  /**
   * In one transaction: stores the triage results, joins each to the open group with its key
   * (or opens one; a resolved alert resolves it) and takes them out of the inbox. A group whose
   * last alert is older than `staleAfterMs` is not joined. Returns the groups touched.
   */
  commitGrouped(items: ReadonlyArray<{ result: TriageResult; groupKey: string }>, options: { now: Date; staleAfterMs: number }): Promise<AlertGroup[]>;
  /** Open groups: never routed and older than `waitMs` (critical ones at once), or with news since `intervalMs` ago. */
  groupsToRoute(now: Date, options: { waitMs: number; intervalMs: number }): Promise<AlertGroup[]>;
  /** Records a routing decision and what it covered. */
  recordRoute(group: AlertGroup, route: RouteDecision, now: Date): Promise<void>;
  /** Routing decisions, newest first. */
  listRoutes(options?: { groupId?: number; limit?: number }): Promise<Array<RouteDecision & { id: number; groupId: number; alertCount: number; createdAt: Date }>>;
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
  addSilence(input: Omit<Silence, 'id'>, now: Date): Promise<number>;
  /** Silences active at `now`. */
  activeSilences(now: Date): Promise<Silence[]>;
  /** Ends a silence now; false when no active silence has the id. */
  expireSilence(id: number, now: Date): Promise<boolean>;
}
