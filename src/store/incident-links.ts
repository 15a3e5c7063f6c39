import type { Kysely, Selectable, Transaction } from 'kysely';
import {
  type AutoIncidentStore,
  type Incident,
  type IncidentLink,
  type IncidentSourceKind,
  type IncidentStatus,
  isForwardMove,
} from '../core/incident.js';
import { insertIncident, toIncident } from './incident-rows.js';
import type { Database } from './schema.js';
import type { IncidentLinksTable } from './schema-incident-links.js';

const iso = (d: Date) => d.toISOString();
const dateOrNull = (value: string | Date | null) => (value === null ? null : new Date(value));

/**
 * Every automatic change begins with this write: on SQLite it takes the write lock, on PostgreSQL
 * the row lock, before anything is read, so two writers cannot both see "no open incident".
 */
async function lock(trx: Transaction<Database>, now: Date): Promise<void> {
  await trx
    .insertInto('incident_auto_lock')
    .values({ id: 1, touched_at: iso(now) })
    .onConflict((c) => c.column('id').doUpdateSet({ touched_at: iso(now) }))
    .execute();
}

/** The open automatic incident's row and its incident: not ended, never resolved. */
async function activeRow(trx: Transaction<Database> | Kysely<Database>) {
  return (
    trx
      .selectFrom('incident_auto')
      .innerJoin('incidents', 'incidents.id', 'incident_auto.incident_id')
      .selectAll('incidents')
      .select(['incident_auto.healthy_since', 'incident_auto.ended_at'])
      .where('incident_auto.ended_at', 'is', null)
      // Resolved once, by anyone, it is over for watch: a person who re-opens it keeps it.
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('incident_updates')
              .select('incident_updates.id')
              .whereRef('incident_updates.incident_id', '=', 'incidents.id')
              .where('incident_updates.status', '=', 'resolved'),
          ),
        ),
      )
      .orderBy('incident_auto.opened_at', 'desc')
      .executeTakeFirst()
  );
}

/** Watch stops looking after this incident (it resolved, or the person did); re-opening it is the person's. */
async function endAutomation(trx: Transaction<Database>, id: string, now: Date): Promise<void> {
  await trx
    .updateTable('incident_auto')
    .set({ ended_at: iso(now) })
    .where('incident_id', '=', id)
    .execute();
}

async function note(trx: Transaction<Database>, id: string, status: string, text: string, author: string, now: Date) {
  await trx
    .insertInto('incident_updates')
    .values({ incident_id: id, status, note: text, author, created_at: iso(now) })
    .execute();
}

function toLink(row: Selectable<IncidentLinksTable>): IncidentLink {
  return {
    kind: row.kind as IncidentSourceKind,
    ref: row.ref,
    service: row.service,
    title: row.title,
    linkedAt: new Date(row.linked_at),
    healthyAt: dateOrNull(row.healthy_at),
    ackedAt: dateOrNull(row.acked_at),
  };
}

/** The automatic-incident tables of migration 010 (see AutoIncidentStore). */
export function createAutoIncidentStore(db: Kysely<Database>): AutoIncidentStore {
  return {
    async autoPage(now, { afterId, limit }) {
      const row = await activeRow(db);
      if (!row) return null;
      if (row.status === 'resolved') {
        await db.transaction().execute((trx) => endAutomation(trx, row.id, now));
        return null;
      }
      const links = db.selectFrom('incident_links').where('incident_id', '=', row.id);
      const [count, checks, groups] = await Promise.all([
        links
          .select((eb) => eb.fn.countAll<number | string>().as('n'))
          .where('healthy_at', 'is', null)
          .executeTakeFirstOrThrow(),
        links.selectAll().where('kind', '=', 'check').where('healthy_at', 'is', null).orderBy('id').execute(),
        links
          .selectAll()
          .where('kind', '=', 'group')
          .where((eb) => eb.or([eb('healthy_at', 'is', null), eb('acked_at', 'is', null)]))
          .where('id', '>', afterId)
          .orderBy('id')
          .limit(limit)
          .execute(),
      ]);
      return {
        incident: toIncident(row),
        healthySince: dateOrNull(row.healthy_since),
        failing: Number(count.n),
        checks: checks.map(toLink),
        groups: groups.map((g) => ({ ...toLink(g), id: g.id })),
      };
    },

    async autoFailing(source, open, notes, now, author) {
      return db.transaction().execute(async (trx) => {
        await lock(trx, now);
        const nothing = { incident: null, opened: false, changed: false };
        const links = trx.selectFrom('incident_links').selectAll();
        if (
          source.once &&
          (await links.where('kind', '=', source.kind).where('ref', '=', source.ref).executeTakeFirst())
        )
          return nothing;
        let active = await activeRow(trx);
        // The person resolved it: watch stops looking after it, and this failure starts a new one.
        if (active?.status === 'resolved') {
          await trx
            .updateTable('incident_auto')
            .set({ ended_at: iso(now) })
            .where('incident_id', '=', active.id)
            .execute();
          active = undefined;
        }
        const link = {
          kind: source.kind,
          ref: source.ref,
          service: source.services[0] ?? '',
          title: source.title,
          linked_at: iso(now),
          healthy_at: null,
          acked_at: null,
        };
        if (!active) {
          const incident = await insertIncident(trx, open, now, author, notes.opened);
          await trx
            .insertInto('incident_auto')
            .values({ incident_id: incident.id, opened_at: iso(now) })
            .execute();
          await trx
            .insertInto('incident_links')
            .values({ incident_id: incident.id, ...link })
            .execute();
          return { incident, opened: true, changed: true };
        }
        const id = active.id;
        const existing = await links
          .where('incident_id', '=', id)
          .where('kind', '=', source.kind)
          .where('ref', '=', source.ref)
          .executeTakeFirst();
        if (existing && existing.healthy_at === null) return { ...nothing, incident: toIncident(active) };
        if (existing)
          await trx.updateTable('incident_links').set({ healthy_at: null }).where('id', '=', existing.id).execute();
        else
          await trx
            .insertInto('incident_links')
            .values({ incident_id: id, ...link })
            .execute();
        const services: string[] = JSON.parse(active.services);
        const added = source.services.filter((s) => !services.includes(s));
        if (added.length > 0)
          await trx
            .updateTable('incidents')
            .set({ services: JSON.stringify([...services, ...added]) })
            .where('id', '=', id)
            .execute();
        await trx.updateTable('incident_auto').set({ healthy_since: null }).where('incident_id', '=', id).execute();
        await note(trx, id, active.status, existing ? notes.again : notes.joined, author, now);
        return {
          incident: toIncident({ ...active, services: JSON.stringify([...services, ...added]) }),
          opened: false,
          changed: true,
        };
      });
    },

    async autoActive(now) {
      const row = await activeRow(db);
      if (!row) return null;
      if (row.status === 'resolved') {
        // The person resolved it: from now on it is theirs alone.
        await db.transaction().execute((trx) => endAutomation(trx, row.id, now));
        return null;
      }
      const links = await db
        .selectFrom('incident_links')
        .selectAll()
        .where('incident_id', '=', row.id)
        .orderBy('id')
        .execute();
      return { incident: toIncident(row), links: links.map(toLink), healthySince: dateOrNull(row.healthy_since) };
    },

    async autoLink(incidentId, kind, ref, change) {
      const set: { healthy_at?: string | null; acked_at?: string } = {};
      if (change.healthyAt !== undefined) set.healthy_at = change.healthyAt && iso(change.healthyAt);
      if (change.ackedAt) set.acked_at = iso(change.ackedAt);
      if (Object.keys(set).length === 0) return;
      await db
        .updateTable('incident_links')
        .set(set)
        .where('incident_id', '=', incidentId)
        .where('kind', '=', kind)
        .where('ref', '=', ref)
        .execute();
    },

    async autoAdvance(incidentId, advance, now, author): Promise<Incident | null> {
      return db.transaction().execute(async (trx) => {
        await lock(trx, now);
        const row = await activeRow(trx);
        if (!row || row.id !== incidentId) return null;
        if (row.status === 'resolved') {
          await endAutomation(trx, row.id, now);
          return null;
        }
        let status = row.status as IncidentStatus;
        let resolvedAt = row.resolved_at;
        if (advance.status && isForwardMove(status, advance.status)) {
          status = advance.status;
          resolvedAt = status === 'resolved' ? iso(now) : null;
          await trx
            .updateTable('incidents')
            .set({ status, resolved_at: resolvedAt })
            .where('id', '=', row.id)
            .execute();
        }
        if (advance.note) await note(trx, row.id, status, advance.note, author, now);
        const auto: { healthy_since?: string | null; ended_at?: string } = {};
        if (advance.healthySince !== undefined) auto.healthy_since = advance.healthySince && iso(advance.healthySince);
        if (advance.end || status === 'resolved') auto.ended_at = iso(now);
        if (Object.keys(auto).length > 0)
          await trx.updateTable('incident_auto').set(auto).where('incident_id', '=', row.id).execute();
        return toIncident({ ...row, status, resolved_at: resolvedAt });
      });
    },

    async autoIncidentOf(kind, ref) {
      const row = await db
        .selectFrom('incident_links')
        .select('incident_id')
        .where('kind', '=', kind)
        .where('ref', '=', ref)
        .orderBy('id', 'desc')
        .executeTakeFirst();
      return row?.incident_id ?? null;
    },
  };
}
