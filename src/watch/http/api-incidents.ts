import type { FastifyInstance } from 'fastify';
import * as z from 'zod';
import {
  INCIDENT_PRIORITIES,
  INCIDENT_SEVERITIES,
  INCIDENT_STATUSES,
  type IncidentUpdateJson,
  type IncidentView,
} from '../../core/incident.js';
import type { Principal } from '../../core/console.js';
import { answer, ApiError, type ApiAccess, intParam, jsonBody } from './api-common.js';

/**
 * An incident as the API answers it (the `--json` view of `soloops incident`, plus its timeline,
 * oldest first). `version` counts up with every change; send it back to have a stale write refused.
 */
export type IncidentJson = IncidentView & { version: number; updates: IncidentUpdateJson[] };

/** A write based on an older version than the stored one: answered 409 with the incident as it now is. */
export class StaleIncident extends Error {
  constructor(readonly current: IncidentJson) {
    super(`${current.id} was changed meanwhile (now version ${current.version}): nothing was saved`);
  }
}

/** Who makes a change through the API, and from where (for the timeline, the audit log and live events). */
export interface Actor {
  principal: Principal;
  /** The client's address (request.ip). */
  address: string | null;
}

const text = z.string().trim();
const services = z.array(text.min(1)).max(50);
const priority = z.preprocess((v) => (typeof v === 'string' ? v.toUpperCase() : v), z.enum(INCIDENT_PRIORITIES));
/**
 * Who made the change, for scripts using the admin token (default "soloops api"); a signed-in user
 * or an API key always writes as its own name.
 */
const author = text.min(1).max(100).optional();
/** The version the change is based on; absent: the last write wins (scripts, as before the console). */
const version = z.number().int().min(1).optional();

export const openBody = z.strictObject({
  title: text.min(1, 'an incident needs a title'),
  description: text.optional(),
  severity: z.enum(INCIDENT_SEVERITIES).optional(),
  priority: priority.optional(),
  services: services.optional(),
  reporter: text.min(1).optional(),
  detection: text.optional(),
  author,
});

export const editBody = z
  .strictObject({
    title: text.min(1, 'the title cannot be empty').optional(),
    description: text.optional(),
    severity: z.enum(INCIDENT_SEVERITIES).optional(),
    /** "auto" classifies the priority again from severity and services. */
    priority: z.union([z.literal('auto'), priority]).optional(),
    services: services.optional(),
    reporter: text.min(1).optional(),
    detection: text.optional(),
    /** A status change through PUT needs its note, as through /updates. */
    status: z.enum(INCIDENT_STATUSES).optional(),
    note: text.min(1, 'the note cannot be empty').optional(),
    author,
    version,
  })
  .refine((body) => body.status === undefined || body.note !== undefined, {
    path: ['note'],
    message: 'required with status: every status change carries a note',
  })
  .refine((body) => Object.keys(body).some((key) => !['author', 'note', 'version'].includes(key)), {
    path: ['body'],
    message: 'nothing to change: give at least one of title, description, severity, priority, services, status',
  });

export const updateBody = z.strictObject({
  status: z.enum(INCIDENT_STATUSES),
  note: text.min(1, 'every status change carries a note'),
  author,
  version,
});

export type OpenInput = z.output<typeof openBody>;
export type EditInput = z.output<typeof editBody>;
export type UpdateInput = z.output<typeof updateBody>;

/**
 * What the incident routes need: the incident rules of `soloops incident`, over the daemon's store.
 * Writes take the actor: the author of the change, its audit entry and its live event.
 */
export interface IncidentApiDeps {
  /** Newest first. `active`: only those not resolved. */
  list(filter: { active?: boolean; service?: string; since?: Date }): Promise<IncidentJson[]>;
  /** By id or unique id prefix; null when none. */
  get(idOrPrefix: string): Promise<IncidentJson | null>;
  open(input: OpenInput, actor: Actor): Promise<IncidentJson>;
  /**
   * A status change with its note; ApiError 404/409 for an unknown id or a move the flow refuses,
   * StaleIncident when `version` is given and no longer the stored one.
   */
  update(idOrPrefix: string, change: UpdateInput, actor: Actor): Promise<IncidentJson>;
  /** The fields of `incident edit` (and a status change when `status` is given); 404 unknown id; StaleIncident. */
  edit(idOrPrefix: string, changes: EditInput, actor: Actor): Promise<IncidentJson>;
  delete(idOrPrefix: string, actor: Actor): Promise<{ id: string; title: string }>;
  now(): Date;
}

/** What a day of the past-incidents list says when nothing happened (the status page's words). */
export const NO_INCIDENTS = 'No incidents reported.';
const DAY_MS = 86_400_000;

/**
 * `GET /api/incidents` (`?status=active|resolved|<status>`, `?service=`), `GET /api/incidents/past`
 * (by UTC day, newest first: `days` back from today, paged by `page` and `limit` days),
 * `GET /api/incidents/:id`, and the writes: `POST /api/incidents`, `PUT /api/incidents/:id`,
 * `POST /api/incidents/:id/updates`, `DELETE /api/incidents/:id`.
 */
export function registerIncidentRoutes(app: FastifyInstance, deps: IncidentApiDeps, access: ApiAccess): void {
  app.get<{ Querystring: { status?: string; service?: string } }>('/api/incidents', async (request, reply) => {
    if (!(await access.authorize(request, reply, 'read', { public: true }))) return reply;
    return answer(reply, async () => {
      const { status, service } = request.query;
      const known = ['active', 'resolved', 'all', ...INCIDENT_STATUSES];
      if (status !== undefined && !known.includes(status))
        throw new ApiError(400, `status: expected one of ${known.join(', ')}`);
      const all = await deps.list({ active: status === 'active', ...(service && { service }) });
      const incidents =
        !status || status === 'active' || status === 'all' ? all : all.filter((i) => i.status === status);
      return { body: { incidents } };
    });
  });

  app.get<{ Querystring: Record<string, string | undefined> }>('/api/incidents/past', async (request, reply) => {
    if (!(await access.authorize(request, reply, 'read', { public: true }))) return reply;
    return answer(reply, async () => {
      const days = intParam(request.query.days, 'days', 30, 365);
      const page = intParam(request.query.page, 'page', 1, 10_000);
      const limit = intParam(request.query.limit, 'limit', 10, 100);
      const today = Math.floor(deps.now().getTime() / DAY_MS) * DAY_MS;
      const since = new Date(today - (days - 1) * DAY_MS);
      const incidents = await deps.list({ since });
      const dates = Array.from({ length: days }, (_, i) => new Date(today - i * DAY_MS).toISOString().slice(0, 10));
      const shown = dates.slice((page - 1) * limit, page * limit).map((date) => {
        const that = incidents.filter((i) => i.createdAt.slice(0, 10) === date);
        return { date, incidents: that, ...(that.length === 0 && { noIncidentMessage: NO_INCIDENTS }) };
      });
      return { body: { days: shown, page, limit, totalDays: days, totalPages: Math.ceil(days / limit) } };
    });
  });

  app.get<{ Params: { id: string } }>('/api/incidents/:id', async (request, reply) => {
    if (!(await access.authorize(request, reply, 'read', { public: true }))) return reply;
    return answer(reply, async () => {
      const incident = await deps.get(request.params.id);
      if (!incident) throw new ApiError(404, `no incident has the id ${request.params.id}`);
      return { body: { incident } };
    });
  });

  app.post('/api/incidents', async (request, reply) => {
    const principal = await access.authorize(request, reply, 'incident.create');
    if (!principal) return reply;
    const actor = { principal, address: request.ip };
    return answer(reply, async () => ({
      status: 201,
      body: { incident: await deps.open(jsonBody(request, openBody), actor) },
    }));
  });

  app.put<{ Params: { id: string } }>('/api/incidents/:id', async (request, reply) => {
    const principal = await access.authorize(request, reply, 'incident.update');
    if (!principal) return reply;
    const actor = { principal, address: request.ip };
    return answer(reply, () =>
      unlessStale(async () => {
        const incident = await deps.edit(request.params.id, jsonBody(request, editBody), actor);
        return { body: { incident } };
      }),
    );
  });

  app.post<{ Params: { id: string } }>('/api/incidents/:id/updates', async (request, reply) => {
    const principal = await access.authorize(request, reply, 'incident.update');
    if (!principal) return reply;
    const actor = { principal, address: request.ip };
    return answer(reply, () =>
      unlessStale(async () => {
        const incident = await deps.update(request.params.id, jsonBody(request, updateBody), actor);
        return { status: 201, body: { incident, update: incident.updates.at(-1) } };
      }),
    );
  });

  app.delete<{ Params: { id: string } }>('/api/incidents/:id', async (request, reply) => {
    const principal = await access.authorize(request, reply, 'incident.delete');
    if (!principal) return reply;
    const actor = { principal, address: request.ip };
    return answer(reply, async () => ({ body: { deleted: await deps.delete(request.params.id, actor) } }));
  });
}

/** A stale write answers 409 with the incident as stored, so the page can show both and merge. */
async function unlessStale(work: () => Promise<{ status?: number; body: unknown }>) {
  try {
    return await work();
  } catch (error) {
    if (error instanceof StaleIncident) return { status: 409, body: { error: error.message, current: error.current } };
    throw error;
  }
}
