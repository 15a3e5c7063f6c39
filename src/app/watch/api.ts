import type { ConsoleEvent } from '../../core/console.js';
import type { Store } from '../../store/types.js';
import type { OwnEndpointAccess } from '../../watch/auth/own-endpoints.js';
import { createAccess } from '../../watch/console/access.js';
import type { ApiAccess } from '../../watch/http/api-common.js';
import type { ApiDeps } from '../../watch/http/api-routes.js';
import type { AppContext } from '../context.js';
import { incidentApi } from './api-incidents.js';
import { slaApi } from './api-sla.js';
import { CACHE_AGES, NO_CACHE, statusApi } from './api-status.js';

/**
 * Who may use the API (src/watch/console/access.ts): public reads open when `status.public`; a
 * console session (cookie or bearer), an API key, or the admin token (`own`, resolved by auth.ts at
 * start and on reload, so the token is read once). Writes are closed without one, on loopback too:
 * a status page is usually published through a reverse proxy on the same machine, where
 * "loopback" says nothing about who asks.
 */
export function apiAccess(
  app: () => AppContext,
  own: () => OwnEndpointAccess,
  store: Store,
  now: () => Date = () => new Date(),
): ApiAccess {
  return createAccess({
    accounts: store.accounts,
    own,
    statusPublic: () => app().config.status.public,
    policy: () => app().config.console,
    now,
  });
}

/**
 * The API's part of the daemon (src/app/watch/watch.ts puts it in the server's deps as `api`).
 * `app` is read on every request, so a reload's config (status.public, services) applies at once.
 */
export function apiDeps(
  app: () => AppContext,
  store: Store,
  own: () => OwnEndpointAccess,
  now: () => Date = () => new Date(),
  /**
   * `pollMs`: the live page's poll; `noCache`: every read computes (tests that write behind the API);
   * `publish`: where incident changes are pushed (the console's hub).
   */
  live: { pollMs?: number; noCache?: boolean; publish?: (event: ConsoleEvent) => void } = {},
): ApiDeps {
  const { noCache, publish, ...poll } = live;
  const status = statusApi(app, store, now, noCache ? NO_CACHE : CACHE_AGES);
  const sla = slaApi(app, store, now, noCache ? -1 : undefined);
  return {
    access: apiAccess(app, own, store, now),
    // A change through the API shows in its next read, its next report and on open pages at the next poll.
    incidents: incidentApi(
      app,
      store,
      now,
      () => {
        status.changed();
        sla.changed();
      },
      publish,
    ),
    status: { ...status, ...poll },
    sla,
    usage: {
      serviceIds: () => app().config.services.map((s) => s.id),
      record: (service, rows) => store.sla.recordRequests(service, rows),
    },
  };
}
