import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { Database, StoreKind } from './schema.js';

const DAY_MS = 86_400_000;

/** `YYYY-MM-DD` of a UTC instant. */
export const utcDay = (d: Date): string => d.toISOString().slice(0, 10);

/** Midnight UTC starting a `YYYY-MM-DD` day. */
export const dayStart = (day: string): Date => new Date(`${day}T00:00:00.000Z`);

/** The day after a `YYYY-MM-DD` day. */
export const nextDay = (day: string): string => utcDay(new Date(dayStart(day).getTime() + DAY_MS));

/** The UTC day of a timestamp column, as `YYYY-MM-DD` text on both backends. */
export function dayOf(kind: StoreKind, column: string): RawBuilder<string> {
  return kind === 'postgres'
    ? sql<string>`to_char(${sql.ref(column)} at time zone 'UTC', 'YYYY-MM-DD')`
    : // SQLite stores toISOString() text, already UTC.
      sql<string>`substr(${sql.ref(column)}, 1, 10)`;
}

/** The newest rolled-up day, or null: days up to it are read from check_daily, later ones from raw results. */
export async function rolledUpTo(db: Kysely<Database>): Promise<string | null> {
  const row = await db
    .selectFrom('check_daily')
    .select((eb) => eb.fn.max('day').as('day'))
    .executeTakeFirst();
  return row?.day ?? null;
}

/**
 * How [from, to) splits between roll-ups and raw results: roll-ups for the days from `from`'s day
 * through the watermark, raw results from the day after it (or `from`, if later).
 */
export function splitRange(from: Date, to: Date, watermark: string | null) {
  const rawFrom =
    watermark === null ? from : new Date(Math.max(from.getTime(), dayStart(nextDay(watermark)).getTime()));
  const lastDay = utcDay(new Date(to.getTime() - 1));
  const rolledLast = watermark === null ? null : watermark < lastDay ? watermark : lastDay;
  return { firstDay: utcDay(from), rolledLast, rawFrom, rawTo: to };
}
