/**
 * What the SLA report, the status page and the HTTP API read about checks and usage
 * (store/sla*.ts; raw check results merged with daily roll-ups, migration 009).
 * Days are UTC days (`YYYY-MM-DD`); every range is [from, to).
 */

/** One check's probes on one UTC day (`YYYY-MM-DD`). */
export interface CheckDay {
  check: string;
  day: string;
  total: number;
  ok: number;
}

/** One check's probes over a range: totals, failures by error type, successful response times. */
export interface CheckTotals {
  check: string;
  total: number;
  ok: number;
  /** Failed probes by error type (`timeout`, `connection`, `dns`, `tls`, `http`, `body`, `other`). */
  errors: Record<string, number>;
  /** Response times of the successful probes: [whole ms, count] pairs, ms ascending. */
  hist: [number, number][];
  /** The first probe's time in the range (start of its UTC day when it comes from a roll-up). */
  first: Date | null;
}

/** A check's down thresholds, as its tracker in watch/checks/state.ts uses them. */
export interface DownThresholds {
  failureThreshold: number;
  successThreshold: number;
}

/** A spell during which a check was down: first failing probe → first probe of the recovering streak. */
export interface DownSpell {
  check: string;
  from: Date;
  to: Date;
}

/** One request as an access log or `POST /v1/requests` gives it. */
export interface UsageRequest {
  at: Date;
  status: number;
  /** Response time in ms, when the log has it. */
  ms?: number | null | undefined;
  /**
   * What makes the request unique for this service (an access-log line's hash, a request id):
   * recording the same key again adds nothing. Without one, every row is new.
   */
  key?: string | undefined;
}

/** Usage of one service on one UTC day. */
export interface UsageDay {
  day: string;
  total: number;
  /** 2xx and 3xx. */
  ok: number;
  errors: number;
}

/** What `incident usage` lists: each service with imported or posted requests. */
export interface UsageService {
  service: string;
  total: number;
  first: Date;
  last: Date;
}

/** The check_results roll-ups and imported usage (migration 009). */
export interface SlaStore {
  /** Per check and UTC day in [from, to): probes and successes, raw results and roll-ups merged. */
  dailyChecks(checks: readonly string[], from: Date, to: Date): Promise<CheckDay[]>;
  /** Per check over [from, to): totals, error types and the response-time histogram (SQL aggregates). */
  checkTotals(checks: readonly string[], from: Date, to: Date): Promise<CheckTotals[]>;
  /** Down spells overlapping [from, to), clipped to it; a spell still open ends at `to`. */
  downSpells(thresholds: Readonly<Record<string, DownThresholds>>, from: Date, to: Date): Promise<DownSpell[]>;
  /** Records requests of a service; returns how many were added and how many were already there. */
  recordRequests(service: string, rows: readonly UsageRequest[]): Promise<{ added: number; duplicates: number }>;
  /** Per UTC day in [from, to), days with requests only. */
  usageDays(service: string, from: Date, to: Date): Promise<UsageDay[]>;
  /** Every service with usage, by id. */
  usageServices(): Promise<UsageService[]>;
  /**
   * Rolls every whole UTC day before `before` that is not rolled up yet into check_daily (with its
   * down spells); returns the days rolled. Idempotent.
   */
  rollUp(before: Date, thresholds: Readonly<Record<string, DownThresholds>>): Promise<string[]>;
  /** Deletes raw results before `rawBefore` (only days already rolled up) and roll-ups before `rollupsBefore`. */
  prune(rawBefore: Date, rollupsBefore: Date): Promise<{ raw: number; rollups: number }>;
}

/** Merges spells (of one or several checks) into the time when at least one was down. */
export function unionSpells(spells: readonly { from: Date; to: Date }[]): { from: Date; to: Date }[] {
  const sorted = [...spells].sort((a, b) => a.from.getTime() - b.from.getTime());
  const merged: { from: Date; to: Date }[] = [];
  for (const s of sorted) {
    const last = merged[merged.length - 1];
    if (last && s.from.getTime() <= last.to.getTime()) {
      if (s.to > last.to) last.to = s.to;
    } else merged.push({ from: s.from, to: s.to });
  }
  return merged;
}
