import { type Kysely, sql } from 'kysely';
import type { CheckDay, SlaStore } from '../core/sla.js';
import type { Database, StoreKind } from './schema.js';
import { dayOf, rolledUpTo, splitRange } from './sla-days.js';

const iso = (d: Date) => d.toISOString();

/** The SLA store: check roll-ups merged with raw results, down spells, usage (migration 009). */
export function createSlaStore(db: Kysely<Database>, kind: StoreKind): SlaStore {
  return {
    async dailyChecks(checks, from, to) {
      if (checks.length === 0 || from >= to) return [];
      const range = splitRange(from, to, await rolledUpTo(db));
      const days: CheckDay[] = [];
      if (range.rolledLast !== null && range.firstDay <= range.rolledLast) {
        const rows = await db
          .selectFrom('check_daily')
          .select(['check_name', 'day', 'total', 'ok'])
          .where('check_name', 'in', checks)
          .where('day', '>=', range.firstDay)
          .where('day', '<=', range.rolledLast)
          .execute();
        for (const r of rows) days.push({ check: r.check_name, day: r.day, total: Number(r.total), ok: Number(r.ok) });
      }
      if (range.rawFrom < range.rawTo) {
        const day = dayOf(kind, 'at');
        const rows = await db
          .selectFrom('check_results')
          .select(['check_name', day.as('day'), sql<number>`count(*)`.as('total'), sql<number>`sum(ok)`.as('ok')])
          .where('check_name', 'in', checks)
          .where('at', '>=', iso(range.rawFrom))
          .where('at', '<', iso(range.rawTo))
          .groupBy(['check_name', day])
          .execute();
        for (const r of rows) days.push({ check: r.check_name, day: r.day, total: Number(r.total), ok: Number(r.ok) });
      }
      return days.sort((a, b) => (a.check === b.check ? cmp(a.day, b.day) : cmp(a.check, b.check)));
    },
    checkTotals: () => Promise.reject(new Error('checkTotals: not built yet')),
    downSpells: () => Promise.reject(new Error('downSpells: not built yet')),
    recordRequests: () => Promise.reject(new Error('recordRequests: not built yet')),
    usageDays: () => Promise.reject(new Error('usageDays: not built yet')),
    usageServices: () => Promise.reject(new Error('usageServices: not built yet')),
    rollUp: () => Promise.reject(new Error('rollUp: not built yet')),
    prune: () => Promise.reject(new Error('prune: not built yet')),
  };
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
