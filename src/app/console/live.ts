import type { Store } from '../../store/types.js';
import { ConsoleHub } from '../../watch/console/hub.js';
import type { ConsoleLiveDeps } from '../../watch/console/live-routes.js';
import type { AppContext } from '../context.js';
import { statusApi } from '../watch/api-status.js';
import { alertRows, latestHosts } from './data.js';

const hubs = new WeakMap<Store, ConsoleHub>();
const statuses = new WeakMap<Store, ReturnType<typeof statusApi>>();

/**
 * The daemon's one hub of console events. The incident API (src/app/watch/api-incidents.ts) and
 * the console's socket are built apart from the same open store, so the hub is found through it:
 * one store, one daemon, one sequence of events.
 */
export function hubOf(store: Store): ConsoleHub {
  let hub = hubs.get(store);
  if (!hub) {
    hub = new ConsoleHub();
    hubs.set(store, hub);
  }
  return hub;
}

/** One status model for the console's overview and its live poll (it caches 2 s, as the status page's). */
export function consoleStatus(app: () => AppContext, store: Store, now: () => Date) {
  let status = statuses.get(store);
  if (!status) {
    status = statusApi(app, store, now);
    statuses.set(store, status);
  }
  return status;
}

/** Each service's state and 30-day uptime, as the status page computes them. */
export async function servicesNow(status: ReturnType<typeof statusApi>) {
  const model = await status.model();
  return Promise.all(
    model.services.map(async ({ id, name, state }) => ({
      id,
      name,
      state: String(state),
      uptime30d: (await status.uptime(id, 1))?.uptime ?? null,
    })),
  );
}

/** The live socket's deps over the daemon's store: its hub and what the poller compares. */
export function consoleLive(
  app: () => AppContext,
  store: Store,
  now: () => Date,
  options: { pollMs?: number; heartbeatMs?: number } = {},
): ConsoleLiveDeps {
  const status = consoleStatus(app, store, now);
  return {
    hub: hubOf(store),
    services: async () => (await servicesNow(status)).map(({ id, state, uptime30d }) => ({ id, state, uptime30d })),
    hosts: () => latestHosts(store, now()),
    alerts: (limit) => alertRows(store, now(), limit),
    ...options,
  };
}
