import { type Kysely, sql } from 'kysely';
import { distinctValues, type Pacer } from './maintenance-chunks.js';
import type { Database } from './schema.js';
import { dayStart, nextDay, rolledUpTo, utcDay } from './sla-days.js';

/** Cutoffs as prune applies them (see RetentionCutoffs in maintenance.ts). */
export interface PruneCutoffs {
  alerts: Date;
  checkResults: Date;
  snapshots: Date;
  rollups: Date | null;
}

/** Rows deleted (or, on a dry run, that would be) per table. */
export type PruneCounts = Record<string, number>;

const count = (result: { numDeletedRows?: bigint } | undefined) => Number(result?.numDeletedRows ?? 0);

/**
 * Deletes what is past its cutoff, a LIMITed statement a step, keeping what is still referenced:
 * alerts of groups not resolved and alerts the person gave feedback on (training data; deleting
 * them would cascade to the feedback), and raw check results of days not rolled up yet. With
 * `dryRun` it only counts, by the same conditions.
 */
export async function pruneAll(
  db: Kysely<Database>,
  cutoffs: PruneCutoffs,
  pacer: Pacer,
  dryRun: boolean,
): Promise<PruneCounts> {
  const counts: PruneCounts = {};
  counts.alerts = await pruneAlerts(db, cutoffs.alerts, pacer, dryRun);
  const raw = await pruneCheckResults(db, cutoffs.checkResults, pacer, dryRun);
  counts.check_results = raw;
  counts.usage_requests = await pruneUsage(db, cutoffs.checkResults, pacer, dryRun);
  counts.snapshots = await pruneById(db, 'snapshots', 'taken_at', cutoffs.snapshots, pacer, dryRun);
  if (cutoffs.rollups) Object.assign(counts, await pruneRollups(db, cutoffs.rollups, pacer, dryRun));
  return counts;
}

/** Alerts old enough, of no unresolved group, with no feedback (through alerts_received_at_idx). */
async function pruneAlerts(db: Kysely<Database>, before: Date, pacer: Pacer, dryRun: boolean): Promise<number> {
  const old = db
    .selectFrom('alerts as a')
    .where('a.received_at', '<', before.toISOString())
    .where(({ exists, not, selectFrom }) =>
      not(exists(selectFrom('feedback as f').select(sql.lit(1).as('x')).whereRef('f.alert_id', '=', 'a.id'))),
    )
    .where(({ exists, not, selectFrom }) =>
      not(
        exists(
          selectFrom('alert_groups as g')
            .select(sql.lit(1).as('x'))
            .whereRef('g.id', '=', 'a.group_id')
            .where('g.state', '<>', 'resolved'),
        ),
      ),
    );
  if (dryRun)
    return pacer.step(async () =>
      Number((await old.select((eb) => eb.fn.countAll().as('n')).executeTakeFirst())?.n ?? 0),
    );
  return pacer.batched(async (size) =>
    count(await db.deleteFrom('alerts').where('id', 'in', old.select('a.id').limit(size)).executeTakeFirst()),
  );
}

/**
 * Raw check results before the cutoff and on days already rolled up, check by check through the
 * (check_name, at) index; a check with no roll-up at all keeps its results (nothing has read them).
 */
export async function pruneCheckResults(
  db: Kysely<Database>,
  before: Date,
  pacer: Pacer,
  dryRun: boolean,
): Promise<number> {
  const watermark = await pacer.step(() => rolledUpTo(db));
  if (watermark === null) return 0;
  const limit = new Date(Math.min(before.getTime(), dayStart(nextDay(watermark)).getTime())).toISOString();
  const rolled = new Set(await distinctValues(db, 'check_daily', 'check_name', pacer));
  const checks = (await distinctValues(db, 'check_results', 'check_name', pacer)).filter((c) => rolled.has(c));
  let total = 0;
  for (const check of checks) {
    const old = db.selectFrom('check_results').where('check_name', '=', check).where('at', '<', limit);
    if (dryRun) {
      total += await pacer.step(async () =>
        Number((await old.select((eb) => eb.fn.countAll().as('n')).executeTakeFirst())?.n ?? 0),
      );
      continue;
    }
    total += await pacer.batched(async (size) =>
      count(await db.deleteFrom('check_results').where('id', 'in', old.select('id').limit(size)).executeTakeFirst()),
    );
  }
  return total;
}

/** Imported usage requests before the cutoff, service by service through (service, at). */
export async function pruneUsage(db: Kysely<Database>, before: Date, pacer: Pacer, dryRun: boolean): Promise<number> {
  let total = 0;
  for (const service of await distinctValues(db, 'usage_requests', 'service', pacer)) {
    const old = db.selectFrom('usage_requests').where('service', '=', service).where('at', '<', before.toISOString());
    total += dryRun
      ? await pacer.step(async () =>
          Number((await old.select((eb) => eb.fn.countAll().as('n')).executeTakeFirst())?.n ?? 0),
        )
      : await pacer.batched(async (size) =>
          count(
            await db.deleteFrom('usage_requests').where('id', 'in', old.select('id').limit(size)).executeTakeFirst(),
          ),
        );
  }
  return total;
}

/** Rows of a small table with an id, older than the cutoff by one timestamp column. */
async function pruneById(
  db: Kysely<Database>,
  table: 'snapshots' | 'check_down_spells',
  column: 'taken_at' | 'ended_at',
  before: Date,
  pacer: Pacer,
  dryRun: boolean,
): Promise<number> {
  // The two tables share the columns used here; Kysely cannot see that through a union of names.
  const t = db as unknown as Kysely<Record<string, { id: number; taken_at: string; ended_at: string }>>;
  const old = t.selectFrom(table).where(column, '<', before.toISOString());
  if (dryRun)
    return pacer.step(async () =>
      Number((await old.select((eb) => eb.fn.countAll().as('n')).executeTakeFirst())?.n ?? 0),
    );
  return pacer.batched(async (size) =>
    count(await t.deleteFrom(table).where('id', 'in', old.select('id').limit(size)).executeTakeFirst()),
  );
}

/** Daily roll-ups before the cutoff's day, a day a step (at most one row per check), and their down spells. */
export async function pruneRollups(
  db: Kysely<Database>,
  before: Date,
  pacer: Pacer,
  dryRun: boolean,
): Promise<PruneCounts> {
  const firstKept = utcDay(before);
  let rollups = 0;
  for (;;) {
    const oldest = await pacer.step(async () => {
      const row = await db
        .selectFrom('check_daily')
        .select((eb) => eb.fn.min('day').as('day'))
        .where('day', '<', firstKept)
        .executeTakeFirst();
      return row?.day ?? null;
    });
    if (oldest === null) break;
    if (dryRun) {
      rollups += await pacer.step(async () =>
        Number(
          (
            await db
              .selectFrom('check_daily')
              .select((eb) => eb.fn.countAll().as('n'))
              .where('day', '<', firstKept)
              .executeTakeFirst()
          )?.n ?? 0,
        ),
      );
      break;
    }
    rollups += await pacer.step(async () =>
      count(await db.deleteFrom('check_daily').where('day', '=', oldest).executeTakeFirst()),
    );
  }
  const spells = await pruneById(db, 'check_down_spells', 'ended_at', before, pacer, dryRun);
  return { check_daily: rollups, check_down_spells: spells };
}
