import { type Selectable, sql, type Transaction } from 'kysely';
import type { Incident, IncidentPriority, IncidentSeverity, IncidentStatus, NewIncident } from '../core/incident.js';
import type { Database, IncidentsTable } from './schema.js';

/** Rows of the incidents table, shared by the manual (incidents.ts) and automatic (incident-links.ts) halves. */

const iso = (d: Date) => d.toISOString();

/** `inc-2026-001`: numbers are padded to three digits and grow past 999 as they need. */
export function incidentId(year: number, number: number): string {
  return `inc-${year}-${String(number).padStart(3, '0')}`;
}

/** Inserts a new incident (investigating) with its first timeline entry, inside the caller's transaction. */
export async function insertIncident(
  trx: Transaction<Database>,
  input: NewIncident,
  now: Date,
  author: string,
  note: string,
): Promise<Incident> {
  const id = incidentId(now.getUTCFullYear(), await nextNumber(trx, now.getUTCFullYear()));
  const row = {
    id,
    title: input.title,
    description: input.description,
    severity: input.severity,
    priority: input.priority,
    priority_auto: input.priorityAuto ? 1 : 0,
    status: 'investigating',
    services: JSON.stringify(input.services),
    reporter: input.reporter,
    detection: input.detection,
    created_at: iso(now),
    resolved_at: null,
  };
  await trx.insertInto('incidents').values(row).execute();
  await trx
    .insertInto('incident_updates')
    .values({ incident_id: id, status: 'investigating', note, author, created_at: iso(now) })
    .execute();
  return toIncident({ ...row, version: 1 });
}

/**
 * The year's next incident number. The upsert is the transaction's first write, so on SQLite
 * it takes the write lock and on PostgreSQL the row lock before any number is read: a second
 * writer waits and then gets the next number.
 */
async function nextNumber(trx: Transaction<Database>, year: number): Promise<number> {
  const { last } = await trx
    .insertInto('incident_sequences')
    .values({ year, last: 1 })
    .onConflict((c) => c.column('year').doUpdateSet({ last: sql`incident_sequences.last + 1` }))
    .returning('last')
    .executeTakeFirstOrThrow();
  return Number(last);
}

export function toIncident(row: Selectable<IncidentsTable>): Incident {
  return {
    id: row.id,
    title: row.title,
    description: row.description,
    severity: row.severity as IncidentSeverity,
    priority: row.priority as IncidentPriority,
    priorityAuto: Number(row.priority_auto) === 1,
    status: row.status as IncidentStatus,
    services: JSON.parse(row.services) as string[],
    reporter: row.reporter,
    detection: row.detection,
    createdAt: new Date(row.created_at),
    resolvedAt: row.resolved_at === null ? null : new Date(row.resolved_at),
    version: Number(row.version),
  };
}
