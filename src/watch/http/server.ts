import Fastify, { type FastifyInstance } from 'fastify';
import { ExternalError, messageOf } from '../../core/errors.js';
import { registerAlertRoutes, type AlertRouteDeps } from './alerts-route.js';
import { type ConsoleDeps, registerConsole } from '../console/index.js';
import { type ApiDeps, registerApiRoutes } from './api-routes.js';
import { registerDigestRoutes, type DigestHttpDeps } from './digest-routes.js';
import { registerWakeRoutes, type WakeHttpDeps } from './wake-routes.js';

/** The issue's limit: a webhook body over 1 MB is refused with 413 before it is read whole. */
export const BODY_LIMIT = 1024 * 1024;

/** What the HTTP layer needs from the daemon; everything else (parsing, storing) sits behind `prepare` and `commit`. */
export interface ServerDeps extends AlertRouteDeps {
  /** The daemon's state for /healthz (also refreshes the store-backed gauges); `status` other than ok is a 503. */
  health(): Promise<{ status: 'ok' | 'degraded' } & Record<string, unknown>>;
  /** Smart Wake's acknowledgement and Twilio callback endpoints; absent when waking only logs. */
  wake?: Omit<WakeHttpDeps, 'log'> | undefined;
  /** The sent digests' pages; absent: not served. */
  digests?: DigestHttpDeps | undefined;
  /** The SLA-monitor API (`/api/*`), the live status page and `POST /v1/requests`; absent: not served. */
  api?: ApiDeps | undefined;
  /** The web console (`/console` and its API); absent, or without `api`: not served. */
  console?: ConsoleDeps | undefined;
}

/**
 * The webhook server: `POST /v1/alerts` and `/v1/alerts/:source` (alerts-route.ts), the wake and
 * digest routes, the API and status page (api-routes.ts), `GET /healthz`, `GET /metrics`.
 */
export function buildServer(deps: ServerDeps): FastifyInstance {
  const trustProxy = deps.console?.trustProxy ?? false;
  const app = Fastify({ bodyLimit: BODY_LIMIT, logger: false, return503OnClosing: true, trustProxy });
  // Every body arrives as raw bytes whatever its Content-Type says: signatures are over the exact
  // bytes, senders label JSON as text/plain (SNS) or send no type at all, and a malformed type
  // ("a", "text/plain; charset") must not get a 415 from Fastify's media-type check before us.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
  app.addHook('onRequest', async (request) => {
    if (request.headers['content-type'] !== undefined) request.headers['content-type'] = 'application/octet-stream';
  });
  app.setErrorHandler((error: { statusCode?: number; message: string }, request, reply) => {
    // A store that cannot be reached (ExternalError) is a 503 for every route, ack and Twilio
    // callbacks included: the sender retries, where a 500 would make it give up.
    const unavailable = error instanceof ExternalError;
    const status = unavailable
      ? 503
      : error.statusCode && error.statusCode >= 400 && error.statusCode < 500
        ? error.statusCode
        : 500;
    const reason =
      status === 413 ? `body larger than ${BODY_LIMIT} bytes` : status === 500 ? 'internal error' : error.message;
    if (status >= 500) deps.log.error({ err: error, url: redactUrl(request.url) }, 'request failed');
    deps.metrics.rejected.inc({ source: 'unknown', reason: String(status) });
    void reply.code(status).send({ error: reason });
  });

  registerAlertRoutes(app, deps);
  if (deps.wake) registerWakeRoutes(app, { ...deps.wake, log: deps.log });
  if (deps.digests) registerDigestRoutes(app, deps.digests);
  if (deps.api) registerApiRoutes(app, deps.api);
  if (deps.api && deps.console) registerConsole(app, deps.console, deps.api.access);
  app.get('/healthz', async (_request, reply) => {
    try {
      const health = await deps.health();
      return reply.code(health.status === 'ok' ? 200 : 503).send(health);
    } catch (error) {
      // The store is away: webhooks get 503 too, so the supervisor should hear it here.
      return reply.code(503).send({ status: 'error', reason: `the store cannot be read: ${messageOf(error)}` });
    }
  });
  app.get('/metrics', async (_request, reply) => {
    await deps.health().catch(() => undefined);
    return reply.type(deps.metrics.registry.contentType).send(await deps.metrics.registry.metrics());
  });
  return app;
}

/** A URL fit for a log line: the values of `token` and `sig` (credentials senders put in the query) replaced. */
export function redactUrl(url: string): string {
  return url.replace(/([?&](?:token|sig)=)[^&#]*/gi, '$1[redacted]');
}
