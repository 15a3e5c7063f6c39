import type { Kysely } from 'kysely';
import { type CheckDay, type DownSpell, type SlaStore, unionSpells } from '../core/sla.js';
import type { Database, StoreKind } from './schema.js';
import { addGrouped, addRolled, finishTotals, groupedRaw, rawDaily, type TotalsBuilder } from './sla-checks.js';
import { rolledUpTo, splitRange } from './sla-days.js';
import { pruneOld, rollUpDays } from './sla-rollup.js';
import { rawSpells } from './sla-spells.js';
import { recordUsage, usageByDay, usageServiceList } from './sla-usage.js';

const iso = (d: Date) => d.toISOString();
const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The SLA store (migration 009): days up to the newest rolled-up one are read from check_daily and
 * check_down_spells, later days from check_results, so a range is never counted twice.
 */
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
      if (range.rawFrom < range.rawTo) days.push(...(await rawDaily(db, kind, checks, range.rawFrom, range.rawTo)));
      return days.sort((a, b) => (a.check === b.check ? cmp(a.day, b.day) : cmp(a.check, b.check)));
    },

    async checkTotals(checks, from, to) {
      if (checks.length === 0 || from >= to) return [];
      const range = splitRange(from, to, await rolledUpTo(db));
      const totals = new Map<string, TotalsBuilder>();
      if (range.rolledLast !== null && range.firstDay <= range.rolledLast)
        await addRolled(db, totals, checks, range.firstDay, range.rolledLast);
      if (range.rawFrom < range.rawTo)
        for (const row of await groupedRaw(db, kind, checks, range.rawFrom, range.rawTo)) addGrouped(totals, row);
      return finishTotals(totals);
    },

    async downSpells(thresholds, from, to) {
      const checks = Object.keys(thresholds);
      if (checks.length === 0 || from >= to) return [];
      const range = splitRange(from, to, await rolledUpTo(db));
      const spells: DownSpell[] = [];
      const downAtBoundary = new Set<string>();
      if (range.rolledLast !== null && range.firstDay <= range.rolledLast) {
        const rows = await db
          .selectFrom('check_down_spells')
          .selectAll()
          .where('check_name', 'in', checks)
          .where('started_at', '<', iso(range.rawFrom))
          .where('ended_at', '>', iso(from))
          .execute();
        for (const r of rows) {
          if (new Date(r.ended_at).getTime() >= range.rawFrom.getTime()) downAtBoundary.add(r.check_name);
          const start = Math.max(new Date(r.started_at).getTime(), from.getTime());
          const end = Math.min(new Date(r.ended_at).getTime(), range.rawFrom.getTime(), to.getTime());
          if (end > start) spells.push({ check: r.check_name, from: new Date(start), to: new Date(end) });
        }
      }
      if (range.rawFrom < range.rawTo)
        spells.push(...(await rawSpells(db, kind, thresholds, range.rawFrom, range.rawTo, downAtBoundary)));
      // Pieces of one spell on both sides of the roll-up boundary become one again.
      return checks
        .sort(cmp)
        .flatMap((check) =>
          unionSpells(spells.filter((s) => s.check === check)).map((s) => ({ check, from: s.from, to: s.to })),
        );
    },

    recordRequests: (service, rows) => recordUsage(db, service, rows),
    usageDays: (service, from, to) => usageByDay(db, kind, service, from, to),
    usageServices: () => usageServiceList(db),
    rollUp: (before, thresholds) => rollUpDays(db, kind, before, thresholds),
    prune: (rawBefore, rollupsBefore) => pruneOld(db, rawBefore, rollupsBefore),
  };
}
