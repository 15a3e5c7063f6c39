import { type Kysely, sql, type Updateable } from 'kysely';
import { ExternalError, UserError } from '../core/errors.js';
import type { Incident, IncidentStatus, IncidentStore, IncidentUpdate } from '../core/incident.js';
import { createAutoIncidentStore } from './incident-links.js';
import { insertIncident, toIncident } from './incident-rows.js';
import type { Database, IncidentsTable } from './schema.js';

const iso = (d: Date) => d.toISOString();

export { incidentId } from './incident-rows.js';

/**
 * A write based on an older version of the incident than the stored one (someone else changed it
 * meanwhile): nothing was written. `current` is the incident as stored, for the 409 answer.
 */
export class IncidentVersionConflict extends UserError {
  constructor(readonly current: Incident) {
    super(
      `incident ${current.id} changed meanwhile (now version ${current.version})`,
      'load it again and redo the change',
    );
  }
}

/** The incidents and incident_updates tables over an opened database (see IncidentStore). */
export function createIncidentStore(db: Kysely<Database>): IncidentStore {
  const get = (id: string) => db.selectFrom('incidents').selectAll().where('id', '=', id).executeTakeFirst();
  return {
    ...createAutoIncidentStore(db),
    async create(input, now, author) {
      return db.transaction().execute((trx) => insertIncident(trx, input, now, author, 'Incident opened.'));
    },

    async updateStatus(id, update, now, check, expectedVersion) {
      return db.transaction().execute(async (trx) => {
        const current = await trx.selectFrom('incidents').selectAll().where('id', '=', id).executeTakeFirst();
        if (!current) return null;
        if (expectedVersion !== undefined && Number(current.version) !== expectedVersion)
          throw new IncidentVersionConflict(toIncident(current));
        check(current.status as IncidentStatus);
        const resolvedAt = update.status === 'resolved' ? iso(now) : null;
        const version = Number(current.version) + 1;
        // Only if nobody changed it meanwhile: the checks above were made against this status and version.
        const result = await trx
          .updateTable('incidents')
          .set({ status: update.status, resolved_at: resolvedAt, version })
          .where('id', '=', id)
          .where('status', '=', current.status)
          .where('version', '=', current.version)
          .executeTakeFirst();
        if (Number(result.numUpdatedRows) !== 1)
          throw new ExternalError(`incident ${id} changed while this update was made`, 'run the command again');
        await trx
          .insertInto('incident_updates')
          .values({ incident_id: id, ...update, created_at: iso(now) })
          .execute();
        return toIncident({ ...current, status: update.status, resolved_at: resolvedAt, version });
      });
    },

    async list(filter = {}) {
      let query = db.selectFrom('incidents').selectAll();
      if (filter.open) query = query.where('status', '<>', 'resolved');
      if (filter.since) query = query.where('created_at', '>=', iso(filter.since));
      const rows = await query.orderBy('created_at', 'desc').orderBy('id', 'desc').execute();
      const all = rows.map(toIncident);
      const { service } = filter;
      return service === undefined ? all : all.filter((i) => i.services.includes(service));
    },

    async get(idOrPrefix) {
      const typed = idOrPrefix.trim().toLowerCase();
      if (!typed) return null;
      const exact = await get(typed);
      if (exact) return toIncident(exact);
      const rows = await db
        .selectFrom('incidents')
        .selectAll()
        .where(sql<string>`substr(id, 1, ${sql.lit(typed.length)})`, '=', typed)
        .orderBy('id')
        .limit(4)
        .execute();
      if (rows.length <= 1) return rows[0] ? toIncident(rows[0]) : null;
      const shown = rows.slice(0, 3).map((r) => r.id);
      throw new UserError(
        `the id prefix ${typed} matches several incidents (${shown.join(', ')}${rows.length > 3 ? ', …' : ''})`,
        'give more characters of the id',
      );
    },

    async updates(id) {
      const rows = await db
        .selectFrom('incident_updates')
        .selectAll()
        .where('incident_id', '=', id)
        .orderBy('created_at')
        .orderBy('id')
        .execute();
      return rows.map(
        (r): IncidentUpdate => ({
          status: r.status as IncidentStatus,
          note: r.note,
          author: r.author,
          createdAt: new Date(r.created_at),
        }),
      );
    },

    async edit(id, changes, expectedVersion) {
      const set: Updateable<IncidentsTable> = {};
      if (changes.title !== undefined) set.title = changes.title;
      if (changes.description !== undefined) set.description = changes.description;
      if (changes.severity !== undefined) set.severity = changes.severity;
      if (changes.priority !== undefined) set.priority = changes.priority;
      if (changes.priorityAuto !== undefined) set.priority_auto = changes.priorityAuto ? 1 : 0;
      if (changes.services !== undefined) set.services = JSON.stringify(changes.services);
      if (changes.reporter !== undefined) set.reporter = changes.reporter;
      if (changes.detection !== undefined) set.detection = changes.detection;
      return db.transaction().execute(async (trx) => {
        // Every edit counts the version up, changed fields or not: a form saved twice is two writes.
        let query = trx
          .updateTable('incidents')
          .set({ ...set, version: sql<number>`version + 1` })
          .where('id', '=', id);
        if (expectedVersion !== undefined) query = query.where('version', '=', expectedVersion);
        const result = await query.executeTakeFirst();
        const row = await trx.selectFrom('incidents').selectAll().where('id', '=', id).executeTakeFirst();
        if (row && Number(result.numUpdatedRows) === 0) throw new IncidentVersionConflict(toIncident(row));
        return row ? toIncident(row) : null;
      });
    },

    async delete(id) {
      return db.transaction().execute(async (trx) => {
        await trx.deleteFrom('incident_updates').where('incident_id', '=', id).execute();
        const result = await trx.deleteFrom('incidents').where('id', '=', id).executeTakeFirst();
        return Number(result.numDeletedRows) > 0;
      });
    },
  };
}
