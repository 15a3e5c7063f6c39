import { type Kysely, sql } from 'kysely';
import type { DownThresholds } from '../core/sla.js';
import type { Database, StoreKind } from './schema.js';
import { addGrouped, groupedRaw, type TotalsBuilder } from './sla-checks.js';
import { dayStart, nextDay, rolledUpTo, utcDay } from './sla-days.js';
import { DEFAULT_THRESHOLDS, rawSpells } from './sla-spells.js';

/**
 * Rolls every whole UTC day before `before`, after the newest rolled-up day, into check_daily and
 * check_down_spells, one transaction a day (a day is rolled whole or not at all). Returns the days
 * that had results.
 */
export async function rollUpDays(
  db: Kysely<Database>,
  kind: StoreKind,
  before: Date,
  thresholds: Readonly<Record<string, DownThresholds>>,
): Promise<string[]> {
  const watermark = await rolledUpTo(db);
  if (watermark !== null && dayStart(nextDay(nextDay(watermark))) > before) return [];
  // Every check with raw results (a walk of the (check_name, at) index), then each one's oldest.
  const all = (await db.selectFrom('check_results').select('check_name').distinct().execute()).map((r) => r.check_name);
  let day = watermark === null ? await firstRawDay(db, all) : nextDay(watermark);
  const rolled: string[] = [];
  for (; day !== null && dayStart(nextDay(day)) <= before; day = nextDay(day)) {
    const from = dayStart(day);
    const to = dayStart(nextDay(day));
    const totals = new Map<string, TotalsBuilder>();
    for (const row of await groupedRaw(db, kind, all, from, to)) addGrouped(totals, row);
    if (totals.size === 0) continue;
    const checks = [...totals.keys()];
    const known = Object.fromEntries(checks.map((c) => [c, thresholds[c] ?? DEFAULT_THRESHOLDS]));
    const spells = await rawSpells(db, kind, known, from, to);
    await db.transaction().execute(async (trx) => {
      const rows = [...totals.entries()].map(([check, t]) => ({
        check_name: check,
        day: day as string,
        total: t.total,
        ok: t.ok,
        errors: JSON.stringify(Object.fromEntries(t.errors)),
        hist: JSON.stringify([...t.hist.entries()].sort((a, b) => a[0] - b[0])),
      }));
      // Another roller (a second daemon on PostgreSQL) may have written the day: keep its rows.
      const inserted = await trx
        .insertInto('check_daily')
        .values(rows)
        .onConflict((oc) => oc.columns(['check_name', 'day']).doNothing())
        .executeTakeFirst();
      if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 0 || spells.length === 0) return;
      await trx
        .insertInto('check_down_spells')
        .values(
          spells.map((s) => ({
            check_name: s.check,
            started_at: s.from.toISOString(),
            ended_at: s.to.toISOString(),
          })),
        )
        .execute();
    });
    rolled.push(day);
  }
  return rolled;
}

/** The UTC day of the oldest raw result of the checks (one index seek each), or null when there is none. */
async function firstRawDay(db: Kysely<Database>, checks: readonly string[]): Promise<string | null> {
  let oldest: number | null = null;
  for (const check of checks) {
    const row = await db
      .selectFrom('check_results')
      .select(sql<string | Date | null>`min(at)`.as('at'))
      .where('check_name', '=', check)
      .executeTakeFirst();
    if (row?.at) oldest = Math.min(oldest ?? Number.POSITIVE_INFINITY, new Date(row.at).getTime());
  }
  return oldest === null ? null : utcDay(new Date(oldest));
}

/**
 * Deletes raw results before `rawBefore` on days already rolled up (never a day only they hold),
 * roll-ups and down spells before `rollupsBefore`, and usage before `rollupsBefore`.
 */
export async function pruneOld(
  db: Kysely<Database>,
  rawBefore: Date,
  rollupsBefore: Date,
): Promise<{ raw: number; rollups: number }> {
  const watermark = await rolledUpTo(db);
  let raw = 0;
  if (watermark !== null) {
    const limit = new Date(Math.min(rawBefore.getTime(), dayStart(nextDay(watermark)).getTime()));
    // By check, through the (check_name, at) index: a rolled-up day's checks all have roll-ups.
    const result = await db
      .deleteFrom('check_results')
      .where('check_name', 'in', db.selectFrom('check_daily').select('check_name').distinct())
      .where('at', '<', limit.toISOString())
      .executeTakeFirst();
    raw = Number(result.numDeletedRows);
  }
  const firstKept = utcDay(rollupsBefore);
  const rollups = await db.deleteFrom('check_daily').where('day', '<', firstKept).executeTakeFirst();
  await db.deleteFrom('check_down_spells').where('ended_at', '<', rollupsBefore.toISOString()).execute();
  await db.deleteFrom('usage_requests').where('at', '<', rollupsBefore.toISOString()).execute();
  return { raw, rollups: Number(rollups.numDeletedRows) };
}
