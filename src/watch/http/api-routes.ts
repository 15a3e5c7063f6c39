import type { FastifyInstance } from 'fastify';
import type { ApiAccess } from './api-common.js';
import { type IncidentApiDeps, registerIncidentRoutes } from './api-incidents.js';

/**
 * What the SLA-monitor API (`/api/*`), the live status page and `POST /v1/requests` need; built
 * by src/app/watch/api.ts from the daemon's store and config. Each part absent is not served.
 */
export interface ApiDeps {
  access: ApiAccess;
  incidents: IncidentApiDeps;
}

/** Registers every route of the API. */
export function registerApiRoutes(app: FastifyInstance, deps: ApiDeps): void {
  registerIncidentRoutes(app, deps.incidents, deps.access);
}
