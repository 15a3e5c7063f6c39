import { type Kysely, sql } from 'kysely';
import type { DownSpell, DownThresholds } from '../core/sla.js';
import type { Database, StoreKind } from './schema.js';

const DAY_MS = 86_400_000;
const BATCH = 500;

/** The tracker's defaults (config `checks:`), for a check the caller has no thresholds for. */
export const DEFAULT_THRESHOLDS: DownThresholds = { failureThreshold: 3, successThreshold: 2 };

const time = (v: string | Date | null): number => (v === null ? Number.NaN : new Date(v).getTime());

/**
 * Down spells of the checks from raw results, as CheckTracker (watch/checks/state.ts) sees them: down
 * from the first failure of `failureThreshold` failures in a row, up again at the first success of
 * `successThreshold` successes in a row. Only failing probes are read (with the time of the probe
 * before each, to find runs), plus the probes after a run until the check recovers; a day on each
 * side of the range is read too, so a run across `from` or `to` counts. Spells are clipped to [from, to).
 */
export async function rawSpells(
  db: Kysely<Database>,
  kind: StoreKind,
  thresholds: Readonly<Record<string, DownThresholds>>,
  from: Date,
  to: Date,
  downAtStart: ReadonlySet<string> = new Set(),
): Promise<DownSpell[]> {
  const checks = Object.keys(thresholds);
  if (checks.length === 0 || from >= to) return [];
  const names = sql.join(checks.map((c) => sql`${c}`));
  const lookback = new Date(from.getTime() - DAY_MS).toISOString();
  const lookahead = new Date(to.getTime() + DAY_MS).toISOString();
  // Failures sit together in check_results_sla_idx (check_name, ok, …); SQLite without statistics
  // would rather walk (check_name, at) through every probe of the range.
  const failures = kind === 'sqlite' ? sql`check_results f indexed by check_results_sla_idx` : sql`check_results f`;
  const { rows } = await sql<{ check_name: string; at: string | Date; prev: string | Date | null }>`
    select f.check_name, f.at,
      (select max(p.at) from check_results p where p.check_name = f.check_name and p.at < f.at) as prev
    from ${failures}
    where f.check_name in (${names}) and f.ok = 0 and f.at >= ${lookback} and f.at < ${lookahead}
    order by f.check_name, f.at`.execute(db);
  const spells: DownSpell[] = [];
  const coveredUntil = new Map<string, number>();
  // Down when the range starts (a rolled-up day ended down, and its failures are pruned).
  for (const check of downAtStart) {
    const { successThreshold } = thresholds[check] ?? DEFAULT_THRESHOLDS;
    const end = await recovery(db, check, from.getTime() - 1, successThreshold, to.getTime());
    coveredUntil.set(check, end);
    if (end > from.getTime()) spells.push({ check, from, to: new Date(end) });
  }
  let i = 0;
  while (i < rows.length) {
    const check = rows[i]!.check_name;
    const { failureThreshold, successThreshold } = thresholds[check] ?? DEFAULT_THRESHOLDS;
    for (; i < rows.length && rows[i]!.check_name === check; ) {
      // One run: failures with no other probe between them.
      const start = time(rows[i]!.at);
      let last = start;
      let length = 1;
      for (i++; i < rows.length && rows[i]!.check_name === check && time(rows[i]!.prev) === last; i++) {
        last = time(rows[i]!.at);
        length++;
      }
      if (
        length < failureThreshold ||
        start < (coveredUntil.get(check) ?? Number.NEGATIVE_INFINITY) ||
        start >= to.getTime()
      )
        continue;
      const end = await recovery(db, check, last, successThreshold, to.getTime());
      coveredUntil.set(check, end);
      const clipped = { from: Math.max(start, from.getTime()), to: Math.min(end, to.getTime()) };
      if (clipped.to > clipped.from) spells.push({ check, from: new Date(clipped.from), to: new Date(clipped.to) });
    }
  }
  return spells;
}

/**
 * When a check that is down after the probe at `after` comes up: the first success of a streak of
 * `successThreshold`; `to` when it is still down there (or its probes end first).
 */
async function recovery(
  db: Kysely<Database>,
  check: string,
  after: number,
  successThreshold: number,
  to: number,
): Promise<number> {
  let successes = 0;
  let streakStart = 0;
  let cursor = new Date(after).toISOString();
  for (;;) {
    const rows = await db
      .selectFrom('check_results')
      .select(['at', 'ok'])
      .where('check_name', '=', check)
      .where('at', '>', cursor)
      .orderBy('at')
      .limit(BATCH)
      .execute();
    for (const r of rows) {
      const at = time(r.at);
      if (Number(r.ok) === 1) {
        if (successes++ === 0) streakStart = at;
        if (successes >= successThreshold) return streakStart;
      } else {
        successes = 0;
        if (at >= to) return to;
      }
    }
    if (rows.length < BATCH) return to;
    cursor = new Date(time(rows[rows.length - 1]!.at)).toISOString();
  }
}
