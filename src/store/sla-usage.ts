import { randomUUID } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import type { UsageDay, UsageRequest, UsageService } from '../core/sla.js';
import type { Database, StoreKind } from './schema.js';
import { dayOf } from './sla-days.js';

// Five parameters a row: well under SQLite's 32,766 and PostgreSQL's 65,535 per statement.
const CHUNK = 1000;

/** Stores requests in one transaction; a (service, key) already stored is skipped and counted. */
export async function recordUsage(
  db: Kysely<Database>,
  service: string,
  requests: readonly UsageRequest[],
): Promise<{ added: number; duplicates: number }> {
  if (requests.length === 0) return { added: 0, duplicates: 0 };
  const added = await db.transaction().execute(async (trx) => {
    let count = 0;
    for (let i = 0; i < requests.length; i += CHUNK) {
      const values = requests.slice(i, i + CHUNK).map((r) => ({
        service,
        at: r.at.toISOString(),
        status: r.status,
        ms: r.ms ?? null,
        hash: r.key ?? randomUUID(),
      }));
      const result = await trx
        .insertInto('usage_requests')
        .values(values)
        .onConflict((oc) => oc.columns(['service', 'hash']).doNothing())
        .executeTakeFirst();
      count += Number(result.numInsertedOrUpdatedRows ?? 0);
    }
    return count;
  });
  return { added, duplicates: requests.length - added };
}

/** One service's requests per UTC day in [from, to); 2xx and 3xx count as successful. */
export async function usageByDay(
  db: Kysely<Database>,
  kind: StoreKind,
  service: string,
  from: Date,
  to: Date,
): Promise<UsageDay[]> {
  const day = dayOf(kind, 'at');
  const rows = await db
    .selectFrom('usage_requests')
    .select([
      day.as('day'),
      sql<number>`count(*)`.as('total'),
      sql<number>`sum(case when status >= 200 and status < 400 then 1 else 0 end)`.as('ok'),
    ])
    .where('service', '=', service)
    .where('at', '>=', from.toISOString())
    .where('at', '<', to.toISOString())
    .groupBy(day)
    .orderBy(day)
    .execute();
  return rows.map((r) => ({
    day: r.day,
    total: Number(r.total),
    ok: Number(r.ok),
    errors: Number(r.total) - Number(r.ok),
  }));
}

/** Every service with requests, with its count and first and last request. */
export async function usageServiceList(db: Kysely<Database>): Promise<UsageService[]> {
  const rows = await db
    .selectFrom('usage_requests')
    .select([
      'service',
      sql<number>`count(*)`.as('total'),
      sql<string | Date>`min(at)`.as('first'),
      sql<string | Date>`max(at)`.as('last'),
    ])
    .groupBy('service')
    .orderBy('service')
    .execute();
  return rows.map((r) => ({
    service: r.service,
    total: Number(r.total),
    first: new Date(r.first),
    last: new Date(r.last),
  }));
}
