import type { FastifyInstance } from 'fastify';
import type { ApiAccess } from './api-common.js';
import { type IncidentApiDeps, registerIncidentRoutes } from './api-incidents.js';
import { registerSlaRoutes, type SlaApiDeps } from './api-sla.js';
import { registerStatusRoutes, type StatusApiDeps } from './api-status.js';
import { registerUsageRoutes, type UsageApiDeps } from './api-usage.js';
import { registerStatusLive, type StatusLiveDeps } from './status-live.js';

/**
 * What the SLA-monitor API (`/api/*`), the live status page and `POST /v1/requests` need; built
 * by src/app/watch/api.ts from the daemon's store and config.
 */
export interface ApiDeps {
  access: ApiAccess;
  incidents: IncidentApiDeps;
  status: StatusApiDeps & StatusLiveDeps;
  usage: UsageApiDeps;
  sla: SlaApiDeps;
}

/** Registers every route of the API. */
export function registerApiRoutes(app: FastifyInstance, deps: ApiDeps): void {
  registerIncidentRoutes(app, deps.incidents, deps.access);
  registerStatusRoutes(app, deps.status, deps.access);
  registerStatusLive(app, deps.status, deps.access);
  registerUsageRoutes(app, deps.usage, deps.access);
  registerSlaRoutes(app, deps.sla, deps.access);
}
