import { sql, type Kysely } from 'kysely';
import type { Database, StoreKind } from './schema.js';
import type { StoredModel } from './types.js';

/**
 * Saves a model as the one active model of its kind, deactivating the others, atomically.
 * `data` and `metrics` must be JSON-serializable (they are stored as JSON text).
 */
export async function insertModel(
  db: Kysely<Database>,
  kind: StoreKind,
  input: { kind: string; data: unknown; metrics: unknown },
  now: Date = new Date(),
): Promise<number> {
  const data = JSON.stringify(input.data) ?? 'null';
  const metrics = JSON.stringify(input.metrics) ?? 'null';
  return db.transaction().execute(async (trx) => {
    // Two PostgreSQL writers would both deactivate the old row and then collide on the
    // one-active-per-kind index; the lock makes the second wait. SQLite's BEGIN IMMEDIATE
    // (see sqlite.ts) already serializes writers.
    if (kind === 'postgres') await sql`lock table models in share row exclusive mode`.execute(trx);
    await trx.updateTable('models').set({ active: 0 }).where('kind', '=', input.kind).where('active', '=', 1).execute();
    const { id } = await trx
      .insertInto('models')
      .values({ kind: input.kind, created_at: now.toISOString(), data, metrics, active: 1 })
      .returning('id')
      .executeTakeFirstOrThrow();
    return id;
  });
}

/** The active model of the kind, JSON parsed, or null. */
export async function selectActiveModel(db: Kysely<Database>, kind: string): Promise<StoredModel | null> {
  const row = await db
    .selectFrom('models')
    .select(['id', 'data', 'metrics', 'created_at'])
    .where('kind', '=', kind)
    .where('active', '=', 1)
    .executeTakeFirst();
  if (!row) return null;
  return {
    id: row.id,
    data: JSON.parse(row.data) as unknown,
    metrics: JSON.parse(row.metrics) as unknown,
    createdAt: new Date(row.created_at),
  };
}

/**
 * The id of the active model of the kind, or null: a cheap check for a long-running reader (the
 * daemon), since every feedback, teach and forget saves a new model.
 */
export async function selectActiveModelId(db: Kysely<Database>, kind: string): Promise<number | null> {
  const row = await db
    .selectFrom('models')
    .select('id')
    .where('kind', '=', kind)
    .where('active', '=', 1)
    .executeTakeFirst();
  return row?.id ?? null;
}
