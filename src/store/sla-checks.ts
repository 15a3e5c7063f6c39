import { type Kysely, sql } from 'kysely';
import type { CheckDay, CheckTotals } from '../core/sla.js';
import type { Database, StoreKind } from './schema.js';
import { dayOf, dayStart, utcDay } from './sla-days.js';

/** A check's totals while they are being added up (roll-ups and raw results merged). */
export interface TotalsBuilder {
  total: number;
  ok: number;
  errors: Map<string, number>;
  hist: Map<number, number>;
  first: number;
}

export const emptyTotals = (): TotalsBuilder => ({
  total: 0,
  ok: 0,
  errors: new Map(),
  hist: new Map(),
  first: Infinity,
});

/** One row of the grouped query: probes with this ok, error type and response time. */
export interface GroupedProbes {
  check_name: string;
  ok: number;
  error_type: string | null;
  ms: number;
  n: number;
  first: string | Date;
}

/** Adds a grouped row to its check's totals. */
export function addGrouped(into: Map<string, TotalsBuilder>, r: GroupedProbes): void {
  let t = into.get(r.check_name);
  if (!t) into.set(r.check_name, (t = emptyTotals()));
  const n = Number(r.n);
  t.total += n;
  t.first = Math.min(t.first, new Date(r.first).getTime());
  if (Number(r.ok) === 1) {
    t.ok += n;
    const ms = Math.round(Number(r.ms));
    t.hist.set(ms, (t.hist.get(ms) ?? 0) + n);
  } else {
    const type = r.error_type ?? 'other';
    t.errors.set(type, (t.errors.get(type) ?? 0) + n);
  }
}

/** The oldest and newest raw result of the checks (ms), two index seeks each; null when they have none. */
async function rawSpan(
  db: Kysely<Database>,
  checks: readonly string[],
): Promise<{ oldest: number; newest: number } | null> {
  let span: { oldest: number; newest: number } | null = null;
  for (const check of checks) {
    const { rows } = await sql<{ oldest: string | Date | null; newest: string | Date | null }>`
      select (select min(at) from check_results where check_name = ${check}) as oldest,
        (select max(at) from check_results where check_name = ${check}) as newest`.execute(db);
    const row = rows[0];
    if (!row?.oldest || !row.newest) continue;
    const oldest = new Date(row.oldest).getTime();
    const newest = new Date(row.newest).getTime();
    span = span ? { oldest: Math.min(span.oldest, oldest), newest: Math.max(span.newest, newest) } : { oldest, newest };
  }
  return span;
}

/**
 * Raw results of the checks in [from, to) grouped by check, ok, error type and ms. When the range
 * holds most of the checks' raw results SQLite is told to walk check_results_sla_idx (index-only,
 * already in group order, no sort); over a short range the (check_name, at) index finds the few
 * rows faster.
 */
export async function groupedRaw(
  db: Kysely<Database>,
  kind: StoreKind,
  checks: readonly string[],
  from: Date,
  to: Date,
): Promise<GroupedProbes[]> {
  if (checks.length === 0) return [];
  const span = await rawSpan(db, checks);
  if (span === null || span.oldest >= to.getTime() || span.newest < from.getTime()) return [];
  // The index walk reads all of a check's results, so it pays when the range holds most of them.
  const covered = Math.min(to.getTime(), span.newest + 1) - Math.max(from.getTime(), span.oldest);
  const wide = kind === 'sqlite' && 3 * covered >= span.newest + 1 - span.oldest;
  const table = wide ? sql`check_results indexed by check_results_sla_idx` : sql`check_results`;
  const names = sql.join(checks.map((c) => sql`${c}`));
  const result = await sql<GroupedProbes>`
    select check_name, ok, error_type, ms, count(*) as n, min(at) as first from ${table}
    where check_name in (${names}) and at >= ${from.toISOString()} and at < ${to.toISOString()}
    group by check_name, ok, error_type, ms`.execute(db);
  return result.rows;
}

/** Adds the roll-ups of the checks for days [firstDay, lastDay] to the totals. */
export async function addRolled(
  db: Kysely<Database>,
  into: Map<string, TotalsBuilder>,
  checks: readonly string[],
  firstDay: string,
  lastDay: string,
): Promise<void> {
  const rows = await db
    .selectFrom('check_daily')
    .selectAll()
    .where('check_name', 'in', checks)
    .where('day', '>=', firstDay)
    .where('day', '<=', lastDay)
    .execute();
  for (const r of rows) {
    let t = into.get(r.check_name);
    if (!t) into.set(r.check_name, (t = emptyTotals()));
    t.total += Number(r.total);
    t.ok += Number(r.ok);
    t.first = Math.min(t.first, dayStart(r.day).getTime());
    for (const [type, n] of Object.entries(JSON.parse(r.errors) as Record<string, number>))
      t.errors.set(type, (t.errors.get(type) ?? 0) + n);
    for (const [ms, n] of JSON.parse(r.hist) as [number, number][]) t.hist.set(ms, (t.hist.get(ms) ?? 0) + n);
  }
}

/** The finished totals, one per check that had probes, by check name. */
export function finishTotals(all: Map<string, TotalsBuilder>): CheckTotals[] {
  return [...all.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([check, t]) => ({
      check,
      total: t.total,
      ok: t.ok,
      errors: Object.fromEntries([...t.errors.entries()].sort(([a], [b]) => (a < b ? -1 : 1))),
      hist: [...t.hist.entries()].sort((a, b) => a[0] - b[0]),
      first: Number.isFinite(t.first) ? new Date(t.first) : null,
    }));
}

/**
 * Probes and successes per check and UTC day from raw results, without sorting every probe: one
 * count a day, grouped by check (in (check_name, at) index order), then the failures, which sit
 * together in check_results_sla_idx, grouped by check and day.
 */
export async function rawDaily(
  db: Kysely<Database>,
  kind: StoreKind,
  checks: readonly string[],
  from: Date,
  to: Date,
): Promise<CheckDay[]> {
  const names = sql.join(checks.map((c) => sql`${c}`));
  const days = new Map<string, CheckDay>();
  for (let start = from.getTime(); start < to.getTime(); ) {
    const end = Math.min(to.getTime(), dayStart(utcDay(new Date(start))).getTime() + 86_400_000);
    const day = utcDay(new Date(start));
    const { rows } = await sql<{ check_name: string; n: number }>`
      select check_name, count(*) as n from check_results
      where check_name in (${names}) and at >= ${new Date(start).toISOString()} and at < ${new Date(end).toISOString()}
      group by check_name`.execute(db);
    for (const r of rows)
      days.set(`${r.check_name}\n${day}`, { check: r.check_name, day, total: Number(r.n), ok: Number(r.n) });
    start = end;
  }
  const failures = kind === 'sqlite' ? sql`check_results indexed by check_results_sla_idx` : sql`check_results`;
  const day = dayOf(kind, 'at');
  const { rows } = await sql<{ check_name: string; day: string; n: number }>`
    select check_name, ${day} as day, count(*) as n from ${failures}
    where check_name in (${names}) and ok = 0 and at >= ${from.toISOString()} and at < ${to.toISOString()}
    group by check_name, ${day}`.execute(db);
  for (const r of rows) {
    const entry = days.get(`${r.check_name}\n${r.day}`);
    if (entry) entry.ok -= Number(r.n);
  }
  return [...days.values()];
}
