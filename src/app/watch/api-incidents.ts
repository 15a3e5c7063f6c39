import type { Incident, IncidentUpdate } from '../../core/incident.js';
import { UserError } from '../../core/errors.js';
import { checkTransition, parseStatus } from '../../incident/index.js';
import type { Store } from '../../store/types.js';
import { ApiError } from '../../watch/http/api-common.js';
import type { IncidentApiDeps, IncidentJson } from '../../watch/http/api-incidents.js';
import type { AppContext } from '../context.js';
import { deleteIncident, editIncident, openIncident, updateIncident } from '../incident/incidents.js';
import { toUpdateJson, toView } from '../incident/view.js';

/** Who API changes are written by when the body names nobody. */
export const API_AUTHOR = 'soloops api';

/**
 * The incident routes over the daemon's open store. Writes go through `soloops incident`'s own
 * functions (src/app/incident/incidents.ts: the flow, notes, priority rule), given a context that
 * lends them this store instead of opening one per request, and whose $USER is the change's author.
 */
export function incidentApi(
  app: () => AppContext,
  store: Store,
  now: () => Date,
  changed: () => void = () => {},
): IncidentApiDeps {
  const lent = { ...store, close: async () => {} };
  const acting = (author: string | undefined): AppContext => ({
    ...app(),
    env: { ...app().env, USER: author ?? API_AUTHOR },
    openStore: async () => lent,
    databaseExists: () => true,
  });
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
  const written = async <T>(work: Promise<T>): Promise<T> => {
    const result = await work;
    changed();
    return result;
  };

  return {
    now,
    list: async ({ active, service, since }) => {
      const incidents = await store.incidents.list({
        open: Boolean(active),
        ...(service && { service }),
        ...(since && { since }),
      });
      return Promise.all(incidents.map(json));
    },
    get: async (idOrPrefix) => {
      const incident = await store.incidents.get(idOrPrefix);
      return incident ? json(incident) : null;
    },
    open: async ({ author, ...input }) =>
      written(openIncident(acting(author), input, now()).then(async (view) => json(await find(view.id)))),
    update: async (idOrPrefix, { status, note, author }) => {
      const incident = await find(idOrPrefix);
      movable(incident, status);
      await written(updateIncident(acting(author), { id: incident.id, status, note }, now()));
      return json(await find(incident.id));
    },
    edit: async (idOrPrefix, { status, note, author, ...fields }) => {
      const incident = await find(idOrPrefix);
      if (status) movable(incident, status);
      if (Object.keys(fields).length > 0) await written(editIncident(acting(author), incident.id, fields));
      if (status) await written(updateIncident(acting(author), { id: incident.id, status, note }, now()));
      return json(await find(incident.id));
    },
    delete: async (idOrPrefix) => {
      const incident = await find(idOrPrefix);
      return written(deleteIncident(acting(undefined), incident.id));
    },
  };
}

function withUpdates(incident: Incident, updates: readonly IncidentUpdate[]): IncidentJson {
  return {
    ...toView(incident),
    updates: updates.map(toUpdateJson),
  };
}
