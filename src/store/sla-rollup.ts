import { performance } from 'node:perf_hooks';
import { type Kysely, sql } from 'kysely';
import type { DownSpell, DownThresholds } from '../core/sla.js';
import { type ChunkPolicy, distinctValues, nextBatchSize, Pacer } from './maintenance-chunks.js';
import type { Database, StoreKind } from './schema.js';
import { addGrouped, groupedRaw, type TotalsBuilder } from './sla-checks.js';
import { dayStart, nextDay, rolledUpTo, utcDay } from './sla-days.js';
import { DEFAULT_THRESHOLDS, rawSpells } from './sla-spells.js';
import { pruneCheckResults, pruneRollups, pruneUsage } from './maintenance-prune.js';

/** Checks a roll-up step reads: adapted so a step takes ~20 ms (a check's day is 1,440 rows a minute). */
const CHECKS_PER_STEP: ChunkPolicy = { targetMs: 20, min: 1, max: 200 };

/**
 * Rolls every whole UTC day before `before`, after the newest rolled-up day, into check_daily and
 * check_down_spells. A day is read a few checks a step (with a yield between, see Pacer) and
 * written in one transaction, so it is rolled whole or not at all. Returns the days that had results.
 */
export async function rollUpDays(
  db: Kysely<Database>,
  kind: StoreKind,
  before: Date,
  thresholds: Readonly<Record<string, DownThresholds>>,
  pacer: Pacer = new Pacer(),
): Promise<string[]> {
  const watermark = await pacer.step(() => rolledUpTo(db));
  if (watermark !== null && dayStart(nextDay(nextDay(watermark))) > before) return [];
  // Every check with raw results (one index seek each), then each one's oldest.
  const all = await distinctValues(db, 'check_results', 'check_name', pacer);
  let day = watermark === null ? await firstRawDay(db, all, pacer) : nextDay(watermark);
  const rolled: string[] = [];
  for (; day !== null && dayStart(nextDay(day)) <= before; day = nextDay(day)) {
    const from = dayStart(day);
    const to = dayStart(nextDay(day));
    const totals = new Map<string, TotalsBuilder>();
    const spells: DownSpell[] = [];
    for (let i = 0, size = CHECKS_PER_STEP.min; i < all.length; ) {
      const chunk = all.slice(i, i + size);
      const started = performance.now();
      const found = await pacer.step(() => groupedRaw(db, kind, chunk, from, to));
      for (const row of found) addGrouped(totals, row);
      const present = chunk.filter((c) => totals.has(c));
      if (present.length > 0) {
        const known = Object.fromEntries(present.map((c) => [c, thresholds[c] ?? DEFAULT_THRESHOLDS]));
        spells.push(...(await pacer.step(() => rawSpells(db, kind, known, from, to))));
      }
      i += chunk.length;
      size = nextBatchSize(size, performance.now() - started, CHECKS_PER_STEP);
    }
    if (totals.size === 0) continue;
    await writeDay(db, day, totals, spells, pacer);
    rolled.push(day);
  }
  return rolled;
}

/** A day's roll-ups and down spells, in one transaction (the rows are made before it: JSON of 1,000 histograms). */
async function writeDay(
  db: Kysely<Database>,
  day: string,
  totals: Map<string, TotalsBuilder>,
  spells: DownSpell[],
  pacer: Pacer,
): Promise<void> {
  const rows = [...totals.entries()].map(([check, t]) => ({
    check_name: check,
    day,
    total: t.total,
    ok: t.ok,
    errors: JSON.stringify(Object.fromEntries(t.errors)),
    hist: JSON.stringify([...t.hist.entries()].sort((a, b) => a[0] - b[0])),
  }));
  const spellRows = spells.map((s) => ({
    check_name: s.check,
    started_at: s.from.toISOString(),
    ended_at: s.to.toISOString(),
  }));
  await pacer.step(() =>
    db.transaction().execute(async (trx) => {
      // Another roller (a second daemon on PostgreSQL) may have written the day: keep its rows.
      let inserted = 0;
      for (let i = 0; i < rows.length; i += 500) {
        const result = await trx
          .insertInto('check_daily')
          .values(rows.slice(i, i + 500))
          .onConflict((oc) => oc.columns(['check_name', 'day']).doNothing())
          .executeTakeFirst();
        inserted += Number(result.numInsertedOrUpdatedRows ?? 0);
      }
      if (inserted === 0 || spellRows.length === 0) return;
      for (let i = 0; i < spellRows.length; i += 500)
        await trx
          .insertInto('check_down_spells')
          .values(spellRows.slice(i, i + 500))
          .execute();
    }),
  );
}

/** The UTC day of the oldest raw result of the checks (one index seek each), or null when there is none. */
async function firstRawDay(db: Kysely<Database>, checks: readonly string[], pacer: Pacer): Promise<string | null> {
  let oldest: number | null = null;
  for (let i = 0; i < checks.length; i += 50) {
    await pacer.step(async () => {
      for (const check of checks.slice(i, i + 50)) {
        const row = await db
          .selectFrom('check_results')
          .select(sql<string | Date | null>`min(at)`.as('at'))
          .where('check_name', '=', check)
          .executeTakeFirst();
        if (row?.at) oldest = Math.min(oldest ?? Number.POSITIVE_INFINITY, new Date(row.at).getTime());
      }
    });
  }
  return oldest === null ? null : utcDay(new Date(oldest));
}

/**
 * Deletes raw results before `rawBefore` on days already rolled up (never a day only they hold),
 * roll-ups and down spells before `rollupsBefore`, and usage before `rollupsBefore`, in small steps.
 */
export async function pruneOld(
  db: Kysely<Database>,
  rawBefore: Date,
  rollupsBefore: Date,
  pacer: Pacer = new Pacer(),
): Promise<{ raw: number; rollups: number }> {
  const raw = await pruneCheckResults(db, rawBefore, pacer, false);
  const { check_daily: rollups = 0 } = await pruneRollups(db, rollupsBefore, pacer, false);
  await pruneUsage(db, rollupsBefore, pacer, false);
  return { raw, rollups };
}
