import type { ColumnType, Generated } from 'kysely';

/** As schema.ts's Timestamp (not imported from there: schema.ts imports this file). */
type Timestamp = ColumnType<string | Date, string, string>;

/** `check_daily` (migration 009): one check's UTC day rolled up; `errors` and `hist` are JSON text. */
export interface CheckDailyTable {
  check_name: string;
  day: string;
  total: number;
  ok: number;
  errors: string;
  hist: string;
}

/** `check_down_spells` (migration 009): down spells of rolled-up days. */
export interface CheckDownSpellsTable {
  id: Generated<number>;
  check_name: string;
  started_at: Timestamp;
  ended_at: Timestamp;
}

/** `usage_requests` (migration 009): imported or posted requests, unique per service and hash. */
export interface UsageRequestsTable {
  id: Generated<number>;
  service: string;
  at: Timestamp;
  status: number;
  ms: number | null;
  hash: string;
}

/** The tables of migration 009 (check roll-ups, down spells, usage). */
export interface SlaTables {
  check_daily: CheckDailyTable;
  check_down_spells: CheckDownSpellsTable;
  usage_requests: UsageRequestsTable;
}
