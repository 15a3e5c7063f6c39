import fastifyCookie from '@fastify/cookie';
import type { FastifyInstance } from 'fastify';
import type { ApiAccess } from '../http/api-common.js';
import { type ConsoleAuthDeps, registerAuthRoutes } from './auth-routes.js';
import { type ConsoleDataDeps, registerDataRoutes } from './data-routes.js';
import { type ConsoleLiveDeps, registerLiveRoutes } from './live-routes.js';
import { registerConsolePages } from './pages.js';

/**
 * What the web console needs from the daemon (built by src/app/console): sign-in and the admin
 * pages' API (auth-routes.ts), the data pages' API (data-routes.ts), the live events socket
 * (live-routes.ts) and the built page itself (`dist/console`, pages.ts).
 */
export interface ConsoleDeps {
  auth: ConsoleAuthDeps;
  data: ConsoleDataDeps;
  live: ConsoleLiveDeps;
  /** The folder holding the built page (dist/console); absent or empty: /console answers 503 saying to build. */
  pagesDir: string;
  /**
   * `console.trust_proxy`: the proxies whose X-Forwarded-For/-Proto are believed (Fastify's
   * trustProxy), so request.ip is the client's and request.protocol says https behind TLS. Read at
   * start: a reload does not change it.
   */
  trustProxy?: boolean | string[] | undefined;
}

/** Registers `/console` and the console's part of `/api/*`; every API route asks `access` for its permission. */
export function registerConsole(app: FastifyInstance, deps: ConsoleDeps, access: ApiAccess): void {
  // fastify-plugin'd: reply.setCookie and request.cookies on every route of the server.
  void app.register(fastifyCookie);
  registerAuthRoutes(app, deps.auth, access);
  registerDataRoutes(app, deps.data, access);
  registerLiveRoutes(app, deps.live, access);
  registerConsolePages(app, deps.pagesDir);
}
