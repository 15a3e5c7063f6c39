import ms from 'ms';
import { UserError } from '../../core/errors.js';
import type { Incident, IncidentEdit, IncidentFilter } from '../../core/incident.js';
import {
  checkTransition,
  classifyPriority,
  parsePriority,
  parseSeverity,
  parseStatus,
  requireNote,
} from '../../incident/index.js';
import type { Store } from '../../store/types.js';
import { personTimeZone } from '../config.js';
import { type AppContext, withStore } from '../context.js';
import { type IncidentView, type TimelineEntry, toTimeline, toView } from './view.js';

/** What `incident open` was given; omitted fields take the documented defaults. */
export interface OpenRequest {
  title: string;
  services?: string[];
  severity?: string;
  priority?: string;
  description?: string;
  reporter?: string;
  detection?: string;
}

/** Who is typing: $USER, else "you". */
export function personName(app: Pick<AppContext, 'env'>): string {
  return app.env.USER?.trim() || 'you';
}

/** Opens an incident (status investigating); priority classified when not given. */
export async function openIncident(app: AppContext, request: OpenRequest, now = new Date()): Promise<IncidentView> {
  const title = request.title.trim();
  if (!title) throw new UserError('an incident needs a title', 'for example `soloops incident open "API returns 502"`');
  const severity = parseSeverity(request.severity ?? 'medium');
  const services = cleanServices(request.services ?? []);
  const priority = request.priority === undefined ? undefined : parsePriority(request.priority);
  const author = personName(app);
  const incident = await withStore(app, {}, (store) =>
    store.incidents.create(
      {
        title,
        description: request.description?.trim() ?? '',
        severity,
        priority: priority ?? classifyPriority(severity, services),
        priorityAuto: priority === undefined,
        services,
        reporter: request.reporter?.trim() || author,
        detection: request.detection?.trim() ?? '',
      },
      now,
      author,
    ),
  );
  return toView(incident);
}

/** Moves an incident to a new status with its note; exit 2 naming the allowed statuses otherwise. */
export async function updateIncident(
  app: AppContext,
  request: { id: string; status?: string | undefined; note?: string | undefined },
  now = new Date(),
): Promise<IncidentView> {
  if (!request.status)
    throw new UserError('which status?', 'pass --status identified|monitoring|resolved|investigating');
  const status = parseStatus(request.status);
  const note = requireNote(request.note);
  return withStore(app, {}, async (store) => {
    const { id } = await find(store, request.id);
    const moved = await store.incidents.updateStatus(id, { status, note, author: personName(app) }, now, (from) =>
      checkTransition(from, status),
    );
    if (!moved) throw unknownId(request.id);
    return toView(moved);
  });
}

/** `incident list`: `since` is a duration back from now (`30d`). */
export async function listIncidents(
  app: AppContext,
  request: { open?: boolean; since?: string; service?: string },
  now = new Date(),
): Promise<IncidentView[]> {
  if (!app.databaseExists()) return [];
  const filter: IncidentFilter = { open: Boolean(request.open) };
  if (request.since !== undefined) filter.since = new Date(now.getTime() - sinceMs(request.since));
  if (request.service !== undefined) filter.service = request.service.trim();
  const incidents = await withStore(app, { readOnly: true }, (store) => store.incidents.list(filter));
  return incidents.map(toView);
}

/** `incident show`: the incident and its timeline. */
export async function showIncident(
  app: AppContext,
  idOrPrefix: string,
): Promise<{ incident: IncidentView; timeline: TimelineEntry[] }> {
  if (!app.databaseExists()) throw unknownId(idOrPrefix);
  return withStore(app, { readOnly: true }, async (store) => {
    const incident = await find(store, idOrPrefix);
    const updates = await store.incidents.updates(incident.id);
    return { incident: toView(incident), timeline: toTimeline(updates, personTimeZone(app.config)) };
  });
}

/** What `incident edit` may change; `priority: "auto"` classifies again. */
export interface EditRequest {
  title?: string;
  description?: string;
  severity?: string;
  priority?: string;
  services?: string[];
  reporter?: string;
  detection?: string;
}

/** Changes the given fields. An auto priority follows a new severity or service list. */
export async function editIncident(app: AppContext, idOrPrefix: string, request: EditRequest): Promise<IncidentView> {
  const changes: IncidentEdit = {};
  if (request.title !== undefined) changes.title = nonEmpty(request.title, 'title');
  if (request.description !== undefined) changes.description = request.description.trim();
  if (request.severity !== undefined) changes.severity = parseSeverity(request.severity);
  if (request.services !== undefined) changes.services = cleanServices(request.services);
  if (request.reporter !== undefined) changes.reporter = nonEmpty(request.reporter, 'reporter');
  if (request.detection !== undefined) changes.detection = request.detection.trim();
  const auto = request.priority?.trim().toLowerCase() === 'auto';
  if (request.priority !== undefined && !auto) {
    changes.priority = parsePriority(request.priority);
    changes.priorityAuto = false;
  }
  if (Object.keys(changes).length === 0 && !auto)
    throw new UserError('nothing to change', 'pass at least one of --title, --severity, --priority, --service, …');
  return withStore(app, {}, async (store) => {
    const current = await find(store, idOrPrefix);
    if (auto || (current.priorityAuto && changes.priorityAuto === undefined)) {
      changes.priority = classifyPriority(changes.severity ?? current.severity, changes.services ?? current.services);
      changes.priorityAuto = true;
    }
    const edited = await store.incidents.edit(current.id, changes);
    if (!edited) throw unknownId(idOrPrefix);
    return toView(edited);
  });
}

/** Deletes an incident and its timeline; returns its id. */
export async function deleteIncident(app: AppContext, idOrPrefix: string): Promise<{ id: string; title: string }> {
  if (!app.databaseExists()) throw unknownId(idOrPrefix);
  return withStore(app, {}, async (store) => {
    const { id, title } = await find(store, idOrPrefix);
    if (!(await store.incidents.delete(id))) throw unknownId(idOrPrefix);
    return { id, title };
  });
}

async function find(store: Store, idOrPrefix: string): Promise<Incident> {
  const incident = await store.incidents.get(idOrPrefix);
  if (!incident) throw unknownId(idOrPrefix);
  return incident;
}

function unknownId(id: string): UserError {
  return new UserError(`no incident has the id ${id}`, '`soloops incident list` shows the ids');
}

function sinceMs(value: string): number {
  const parsed = ms(value.trim() as ms.StringValue);
  if (typeof parsed !== 'number' || !Number.isFinite(parsed) || parsed <= 0)
    throw new UserError(`--since: expected a duration such as 30d or 12h, got ${JSON.stringify(value)}`);
  return parsed;
}

function cleanServices(services: readonly string[]): string[] {
  return [
    ...new Set(
      services
        .flatMap((s) => s.split(','))
        .map((s) => s.trim())
        .filter(Boolean),
    ),
  ];
}

function nonEmpty(value: string, what: string): string {
  const text = value.trim();
  if (!text) throw new UserError(`the ${what} cannot be empty`);
  return text;
}
