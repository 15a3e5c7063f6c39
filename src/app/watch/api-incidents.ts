import type { AuditAction, ConsoleEvent } from '../../core/console.js';
import { UserError } from '../../core/errors.js';
import type { Incident, IncidentUpdate, IncidentView } from '../../core/incident.js';
import { checkTransition, parseStatus } from '../../incident/index.js';
import { IncidentVersionConflict } from '../../store/incidents.js';
import type { Store } from '../../store/types.js';
import { ApiError } from '../../watch/http/api-common.js';
import { type Actor, type IncidentApiDeps, type IncidentJson, StaleIncident } from '../../watch/http/api-incidents.js';
import { type AppContext, lendingStore } from '../context.js';
import { deleteIncident, editIncident, openIncident, updateIncident } from '../incident/incidents.js';
import { toUpdateJson, toView } from '../incident/view.js';

/** Who API changes are written by when the admin token's request names nobody. */
export const API_AUTHOR = 'soloops api';

/**
 * The incident routes over the daemon's open store. Writes go through `soloops incident`'s own
 * functions (src/app/incident/incidents.ts: the flow, notes, priority rule), given a context that
 * lends them this store instead of opening one per request, and whose $USER is the change's author.
 * A write with a `version` is refused (StaleIncident) when the incident moved on. Every change is
 * audited and pushed to the console's live events.
 */
export function incidentApi(
  app: () => AppContext,
  store: Store,
  now: () => Date,
  changed: () => void = () => {},
  /** Where incident changes are pushed live (the console's hub); none without the console. */
  publish: (event: ConsoleEvent) => void = () => {},
): IncidentApiDeps {
  const { incidents } = store;
  /** The store lent to the incident functions; its writes carry the version the request was based on. */
  const lent = (expected: { version: number | undefined }): Store => ({
    ...store,
    incidents: {
      ...incidents,
      edit: (id, changes) => incidents.edit(id, changes, expected.version),
      updateStatus: async (id, update, at, check) => {
        const moved = await incidents.updateStatus(id, update, at, check, expected.version);
        // An edit and a status change in one request: the second write is based on the first.
        if (moved && expected.version !== undefined) expected.version = moved.version;
        return moved;
      },
    },
  });
  const acting = (author: string, expected: { version: number | undefined } = { version: undefined }) =>
    lendingStore({ ...app(), env: { ...app().env, USER: author } }, lent(expected));
  /** A signed-in user or a key writes as its own name; the admin token as the body's author, or "soloops api". */
  const authorOf = ({ principal }: Actor, named: string | undefined) =>
    principal.kind === 'token' ? (named ?? API_AUTHOR) : principal.name;
  const json = async (incident: Incident): Promise<IncidentJson> =>
    withUpdates(incident, await store.incidents.updates(incident.id));
  const find = async (idOrPrefix: string): Promise<Incident> => {
    const incident = await store.incidents.get(idOrPrefix);
    if (!incident) throw new ApiError(404, `no incident has the id ${idOrPrefix}`, 'GET /api/incidents lists them.');
    return incident;
  };
  /** A move the flow refuses is a 409 (the request was well formed; the incident is not where it could go). */
  const movable = (incident: Incident, status: string) => {
    try {
      checkTransition(incident.status, parseStatus(status));
    } catch (error) {
      if (error instanceof UserError) throw new ApiError(409, error.message, error.hint);
      throw error;
    }
  };
  /** The write, then: caches dropped, the audit entry, the live event. A stale write becomes StaleIncident. */
  const written = async <T>(
    work: () => Promise<T>,
    after: (result: T) => { action: AuditAction; target: string; detail: Record<string, unknown>; event: ConsoleEvent },
    actor: Actor,
  ): Promise<T> => {
    let result: T;
    try {
      result = await work();
    } catch (error) {
      if (error instanceof IncidentVersionConflict) throw new StaleIncident(await json(error.current));
      throw error;
    }
    changed();
    const { action, target, detail, event } = after(result);
    publish(event);
    await store.audit.record({ actor: actor.principal.name, action, target, address: actor.address, detail }, now());
    return result;
  };

  return {
    now,
    list: async ({ active, service, since }) => {
      const found = await store.incidents.list({
        open: Boolean(active),
        ...(service && { service }),
        ...(since && { since }),
      });
      return Promise.all(found.map(json));
    },
    get: async (idOrPrefix) => {
      const incident = await store.incidents.get(idOrPrefix);
      return incident ? json(incident) : null;
    },
    open: async ({ author, ...input }, actor) => {
      const by = authorOf(actor, author);
      const view = await written(
        () => openIncident(acting(by), input, now()),
        ({ id, title }) => ({
          action: 'incident.create',
          target: id,
          detail: { title },
          event: { type: 'incident.created', incidentId: id, title, by },
        }),
        actor,
      );
      return json(await find(view.id));
    },
    update: async (idOrPrefix, { status, note, author, version }, actor) => {
      const incident = await find(idOrPrefix);
      const by = authorOf(actor, author);
      movable(incident, status);
      const view = await written(
        () => updateIncident(acting(by, { version }), { id: incident.id, status, note }, now()),
        (moved) => updated(moved, by, { status, note }),
        actor,
      );
      return json(await find(view.id));
    },
    edit: async (idOrPrefix, { status, note, author, version, ...fields }, actor) => {
      const incident = await find(idOrPrefix);
      const by = authorOf(actor, author);
      if (status) movable(incident, status);
      const expected = { version };
      if (Object.keys(fields).length > 0) {
        const edited = await written(
          () => editIncident(acting(by, expected), incident.id, fields),
          (view) => updated(view, by, { fields: Object.keys(fields) }),
          actor,
        );
        if (expected.version !== undefined) expected.version = edited.version;
      }
      if (status)
        await written(
          () => updateIncident(acting(by, expected), { id: incident.id, status, note }, now()),
          (moved) => updated(moved, by, { status, note }),
          actor,
        );
      return json(await find(incident.id));
    },
    delete: async (idOrPrefix, actor) => {
      const incident = await find(idOrPrefix);
      const by = authorOf(actor, undefined);
      return written(
        () => deleteIncident(acting(by), incident.id),
        ({ id, title }) => ({
          action: 'incident.delete',
          target: id,
          detail: { title },
          event: { type: 'incident.deleted', incidentId: id, by },
        }),
        actor,
      );
    },
  };
}

/** The audit entry and live event of an edit or status update. */
function updated(
  view: IncidentView,
  by: string,
  detail: Record<string, unknown>,
): { action: AuditAction; target: string; detail: Record<string, unknown>; event: ConsoleEvent } {
  const { version } = view;
  return {
    action: 'incident.update',
    target: view.id,
    detail: { ...detail, version },
    event: { type: 'incident.updated', incidentId: view.id, version, by, status: view.status },
  };
}

function withUpdates(incident: Incident, updates: readonly IncidentUpdate[]): IncidentJson {
  return {
    ...toView(incident),
    updates: updates.map(toUpdateJson),
  };
}
