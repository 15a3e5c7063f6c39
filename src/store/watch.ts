import { sql, type Kysely, type Selectable } from 'kysely';
import { severityRank, type NormalizedAlert, type Severity } from '../core/alert.js';
import { withoutNul } from '../core/text.js';
import { insertResultsIn } from './alerts.js';
import { sizedChunks } from './chunks.js';
import type { AlertGroupsTable, CheckResultsTable, Database, StoreKind } from './schema.js';
import type { AlertGroup, CheckResultRow, WatchStore } from '../core/watch.js';

const iso = (d: Date) => d.toISOString();

/** Groups groupsToRoute returns at most, oldest first. */
const ROUTE_PAGE = 500;
const date = (v: string | Date) => new Date(v);
const maybeDate = (v: string | Date | null) => (v === null ? null : new Date(v));

/** The watch daemon's queries over an opened database (see WatchStore for the contract). */
export function createWatchStore(db: Kysely<Database>, kind: StoreKind): WatchStore {
  return {
    async enqueue(alerts) {
      if (alerts.length === 0) return;
      const rows = alerts.map((a) => ({ id: a.id, received_at: a.receivedAt, alert: JSON.stringify(a) }));
      // Chunked under SQLite's parameter limit; one transaction so a request is all in or all out.
      await db.transaction().execute(async (trx) => {
        for (const chunk of sizedChunks(rows, 1000)) await trx.insertInto('inbox').values(chunk).execute();
      });
    },

    async pending(limit) {
      const rows = await db.selectFrom('inbox').select(['id', 'alert']).orderBy('seq').limit(limit).execute();
      const alerts: NormalizedAlert[] = [];
      const unreadable: Array<{ id: string; error: string }> = [];
      for (const row of rows) {
        const alert = readAlert(row.alert);
        if (alert) alerts.push(alert);
        else unreadable.push({ id: row.id, error: 'the stored alert is not readable JSON' });
      }
      return { alerts, unreadable };
    },

    async recordFailure(id, error, { now, maxAttempts }) {
      return db.transaction().execute(async (trx) => {
        const row = await trx
          .updateTable('inbox')
          .set((eb) => ({ attempts: eb('attempts', '+', 1) }))
          .where('id', '=', id)
          .returning(['received_at', 'alert', 'attempts'])
          .executeTakeFirst();
        if (!row || row.attempts < maxAttempts) return false;
        await trx
          .insertInto('dead_letters')
          .values({
            id,
            received_at: iso(date(row.received_at)),
            alert: row.alert,
            error: withoutNul(error).slice(0, 2000),
            attempts: row.attempts,
            failed_at: iso(now),
          })
          .onConflict((oc) => oc.column('id').doNothing())
          .execute();
        await trx.deleteFrom('inbox').where('id', '=', id).execute();
        return true;
      });
    },

    async inboxState() {
      const row = await db
        .selectFrom('inbox')
        .select((eb) => [eb.fn.countAll<number | string>().as('n'), eb.fn.min('received_at').as('oldest')])
        .executeTakeFirstOrThrow();
      return { waiting: Number(row.n), oldest: row.oldest === null ? null : date(row.oldest as string | Date) };
    },

    async deadLetters({ since, limit = 20 } = {}) {
      let count = db.selectFrom('dead_letters').select((eb) => eb.fn.countAll<number | string>().as('n'));
      let list = db.selectFrom('dead_letters').selectAll().orderBy('failed_at', 'desc').limit(limit);
      if (since) {
        count = count.where('failed_at', '>=', iso(since));
        list = list.where('failed_at', '>=', iso(since));
      }
      const [{ n }, rows] = [await count.executeTakeFirstOrThrow(), await list.execute()];
      return {
        total: Number(n),
        items: rows.map((r) => {
          const alert = readAlert(r.alert);
          return {
            id: r.id,
            receivedAt: date(r.received_at),
            title: alert?.title ?? null,
            service: alert?.service ?? null,
            error: r.error,
            attempts: r.attempts,
            failedAt: date(r.failed_at),
          };
        }),
      };
    },

    async commitGrouped(items, { now, staleAfterMs }) {
      if (items.length === 0) return [];
      return db.transaction().execute(async (trx) => {
        await insertResultsIn(
          trx,
          kind,
          items.map((i) => i.result),
        );
        const touched = new Map<string, { group: AlertGroup; isNew: boolean; alertIds: string[] }>();
        const staleBefore = iso(new Date(now.getTime() - staleAfterMs));
        for (const { result, groupKey } of items) {
          let entry = touched.get(groupKey);
          if (!entry || entry.group.state === 'resolved') {
            const row = await trx
              .selectFrom('alert_groups')
              .selectAll()
              .where('group_key', '=', groupKey)
              .where('state', 'in', ['open', 'acked'])
              .where('last_seen', '>=', staleBefore)
              .orderBy('id', 'desc')
              .executeTakeFirst();
            if (entry) await saveGroup(trx, entry);
            entry = row
              ? { group: toGroup(row), isNew: false, alertIds: [] }
              : { group: newGroup(groupKey, result, now), isNew: true, alertIds: [] };
            touched.set(groupKey, entry);
          }
          joinGroup(entry.group, result, now);
          entry.alertIds.push(result.alert.id);
        }
        const groups: AlertGroup[] = [];
        for (const entry of touched.values()) groups.push(await saveGroup(trx, entry));
        // Few list lengths, so few statement texts (see sizedChunks).
        for (const ids of sizedChunks(
          items.map((i) => i.result.alert.id),
          1000,
        ))
          await trx.deleteFrom('inbox').where('id', 'in', ids).execute();
        return groups;
      });
    },

    async groupsToRoute(now, { waitMs, intervalMs }) {
      const waited = iso(new Date(now.getTime() - waitMs));
      const interval = iso(new Date(now.getTime() - intervalMs));
      const rows = await db
        .selectFrom('alert_groups')
        .selectAll()
        .where((eb) =>
          eb.or([
            // A critical group is routed at once: group_wait collects a storm, but the wake ladder
            // already makes one storm one ladder, and the first call must leave within seconds.
            eb.and([
              eb('state', '=', 'open'),
              eb('routed_at', 'is', null),
              eb.or([eb('first_seen', '<=', waited), eb('severity', '=', 'critical')]),
            ]),
            eb.and([
              eb('state', '=', 'open'),
              eb('routed_at', '<=', interval),
              eb('alert_count', '>', eb.ref('routed_count')),
            ]),
            // A group that escalated since it was routed is news at once, not at the next interval.
            eb.and([
              eb('state', '=', 'open'),
              eb('routed_at', 'is not', null),
              // Up only (as the filter below): a group that calmed down is no news, and left in the
              // result it would fill the page with rows the filter drops and keep the others waiting.
              eb.or([
                eb.and([eb('severity', '=', 'critical'), eb('routed_severity', 'in', ['warning', 'info'])]),
                eb.and([eb('severity', '=', 'warning'), eb('routed_severity', '=', 'info')]),
              ]),
            ]),
          ]),
        )
        .orderBy('id')
        // A page at a time (the pipeline asks again until none is left): after a storm of distinct
        // alerts 100,000 groups were due at once, and the list, held while each was routed, was
        // ~100 MB of the heap on PostgreSQL (issue 17).
        .limit(ROUTE_PAGE)
        .execute();
      return rows
        .map(toGroup)
        .filter(
          (g) =>
            g.routedSeverity === null ||
            g.alertCount > g.routedCount ||
            severityRank(g.severity) > severityRank(g.routedSeverity),
        );
    },

    async recordRoute(group, route, now) {
      await db.transaction().execute(async (trx) => {
        await trx
          .insertInto('routes')
          .values({
            group_id: group.id,
            target: route.target,
            severity: route.severity,
            alert_count: group.alertCount,
            reason: route.reason,
            created_at: iso(now),
          })
          .execute();
        await trx
          .updateTable('alert_groups')
          .set({ routed_at: iso(now), routed_count: group.alertCount, routed_severity: group.severity })
          .where('id', '=', group.id)
          .execute();
      });
    },

    async listRoutes({ groupId, limit = 100 } = {}) {
      let query = db.selectFrom('routes').selectAll().orderBy('id', 'desc').limit(limit);
      if (groupId !== undefined) query = query.where('group_id', '=', groupId);
      const rows = await query.execute();
      return rows.map((r) => ({
        id: r.id,
        groupId: r.group_id,
        target: r.target as 'wake' | 'digest',
        severity: r.severity as Severity,
        alertCount: r.alert_count,
        reason: r.reason,
        createdAt: date(r.created_at),
      }));
    },

    async openGroupCount() {
      const row = await db
        .selectFrom('alert_groups')
        .select((eb) => eb.fn.countAll<number | string>().as('n'))
        .where('state', 'in', ['open', 'acked'])
        .executeTakeFirstOrThrow();
      // PostgreSQL returns count(*) as a bigint string.
      return Number(row.n);
    },

    async openGroups(limit = 100) {
      const rows = await db
        .selectFrom('alert_groups')
        .selectAll()
        .where('state', 'in', ['open', 'acked'])
        .orderBy('last_seen', 'desc')
        .limit(limit)
        .execute();
      return rows.map(toGroup);
    },

    async getGroup(id) {
      const row = await db.selectFrom('alert_groups').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? toGroup(row) : null;
    },

    async recordCheckResult(r) {
      await db
        .insertInto('check_results')
        .values({
          check_name: r.check,
          at: iso(r.at),
          ok: r.ok ? 1 : 0,
          status: r.status,
          ms: r.ms,
          error_type: r.errorType,
          error: r.error,
        })
        .execute();
    },

    async latestCheckResults() {
      const newest = db
        .selectFrom('check_results')
        .select(['check_name', sql<number>`max(id)`.as('id')])
        .groupBy('check_name');
      const rows = await db
        .selectFrom('check_results')
        .selectAll()
        .where('id', 'in', db.selectFrom(newest.as('n')).select('n.id'))
        .orderBy('check_name')
        .execute();
      return rows.map(toCheckResult);
    },

    async recentCheckResults(check, limit) {
      const rows = await db
        .selectFrom('check_results')
        .selectAll()
        .where('check_name', '=', check)
        // By time through check_results_name_at_idx (SQLite's index carries the rowid, so the id
        // tie-break is free): ordering by id alone made SQLite sort every result of the check.
        .orderBy('at', 'desc')
        .orderBy('id', 'desc')
        .limit(limit)
        .execute();
      return rows.reverse().map(toCheckResult);
    },
  };
}

/** A stored inbox alert, or null when the text is not an alert's JSON (quarantined, never thrown). */
function readAlert(text: string): NormalizedAlert | null {
  try {
    const value = JSON.parse(text) as unknown;
    return value && typeof value === 'object' && typeof (value as NormalizedAlert).id === 'string'
      ? (value as NormalizedAlert)
      : null;
  } catch {
    return null;
  }
}

function toCheckResult(r: Selectable<CheckResultsTable>): CheckResultRow {
  return {
    check: r.check_name,
    at: date(r.at),
    ok: r.ok === 1,
    status: r.status,
    ms: r.ms,
    errorType: r.error_type,
    error: r.error,
  };
}

/**
 * What grouping reads of a triaged alert. Exported with `joinGroup` so the digest folds alerts that
 * never went through `watch` (stored by `soloops triage`) into alert types by the same rules.
 */
export interface GroupedAlert {
  alert: Pick<NormalizedAlert, 'id' | 'service' | 'title' | 'status'>;
  severity: Severity;
}

/** A new, empty group for `key`, opened by `result` at `now`; `joinGroup` then counts the alert in. */
export function newGroup(key: string, result: GroupedAlert, now: Date): AlertGroup {
  const { alert } = result;
  return {
    id: 0,
    key,
    service: alert.service,
    title: alert.title,
    severity: 'info',
    state: 'open',
    firstSeen: now,
    lastSeen: now,
    alertCount: 0,
    lastAlertId: alert.id,
    resolvedAt: null,
    routedAt: null,
    routedCount: 0,
    routedSeverity: null,
  };
}

/** One more alert in the group: firing raises its severity, resolved closes it. */
export function joinGroup(group: AlertGroup, result: GroupedAlert, now: Date): void {
  group.alertCount++;
  group.lastSeen = now;
  group.lastAlertId = result.alert.id;
  if (result.alert.status === 'resolved') {
    group.state = 'resolved';
    group.resolvedAt = now;
  } else if (severityRank(result.severity) > severityRank(group.severity) || group.alertCount === 1) {
    group.severity = result.severity;
    group.title = result.alert.title;
  }
}

async function saveGroup(
  trx: Kysely<Database>,
  entry: { group: AlertGroup; isNew: boolean; alertIds: string[] },
): Promise<AlertGroup> {
  const g = entry.group;
  const values = {
    group_key: g.key,
    service: g.service,
    title: g.title,
    severity: g.severity,
    state: g.state,
    first_seen: iso(g.firstSeen),
    last_seen: iso(g.lastSeen),
    alert_count: g.alertCount,
    last_alert_id: g.lastAlertId,
    resolved_at: g.resolvedAt && iso(g.resolvedAt),
  };
  if (entry.isNew) {
    g.id = (await trx.insertInto('alert_groups').values(values).returning('id').executeTakeFirstOrThrow()).id;
    entry.isNew = false;
  } else {
    await trx.updateTable('alert_groups').set(values).where('id', '=', g.id).execute();
  }
  for (const ids of sizedChunks(entry.alertIds, 1000))
    await trx.updateTable('alerts').set({ group_id: g.id }).where('id', 'in', ids).execute();
  entry.alertIds = [];
  return { ...g };
}

/** A stored group row as an AlertGroup. */
export function toGroup(r: Selectable<AlertGroupsTable>): AlertGroup {
  return {
    id: r.id,
    key: r.group_key,
    service: r.service,
    title: r.title,
    severity: r.severity as Severity,
    state: r.state as AlertGroup['state'],
    firstSeen: date(r.first_seen),
    lastSeen: date(r.last_seen),
    alertCount: r.alert_count,
    lastAlertId: r.last_alert_id,
    resolvedAt: maybeDate(r.resolved_at),
    routedAt: maybeDate(r.routed_at),
    routedCount: r.routed_count,
    routedSeverity: r.routed_severity as Severity | null,
  };
}
