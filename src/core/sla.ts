/**
 * What the SLA report, the status page and the HTTP API read about checks and usage
 * (store/sla.ts; raw check results merged with daily roll-ups, migration 009).
 */

/** One check's probes on one UTC day (`YYYY-MM-DD`). */
export interface CheckDay {
  check: string;
  day: string;
  total: number;
  ok: number;
}

/** The check_results roll-ups and imported usage (migration 009). */
export interface SlaStore {
  /** Per check and UTC day in [from, to): probes and successes, raw results and roll-ups merged. */
  dailyChecks(checks: readonly string[], from: Date, to: Date): Promise<CheckDay[]>;
}
