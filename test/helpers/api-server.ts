import pino from 'pino';
import { createWatchMetrics } from '../../src/watch/http/metrics.js';
import { RateLimiter } from '../../src/watch/http/rate-limit.js';
import type { ServerDeps } from '../../src/watch/http/server.js';

/**
 * The webhook half of watch's server deps, inert: tests of the API and the console build the
 * server with these plus their own `api` (and `console`), and never send a webhook.
 */
export function noWebhooks(): Omit<ServerDeps, 'api' | 'console'> {
  return {
    sourceNames: [],
    detect: () => null,
    authFor: () => undefined,
    snsVerifier: {} as never,
    confirmSubscription: async () => ({ ok: true }) as never,
    prepare: async () => ({ alerts: [], rejected: [] }),
    commit: async () => [],
    maxAlertsPerRequest: 1,
    limiter: new RateLimiter(1, 1000),
    metrics: createWatchMetrics(),
    log: pino({ level: 'silent' }),
    health: async () => ({ status: 'ok' }),
  };
}
