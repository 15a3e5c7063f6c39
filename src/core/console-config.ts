import * as z from 'zod';
import { duration } from './config-primitives.js';
import { SESSION_DEFAULTS } from './console.js';

/**
 * The `console:` section of soloops.yaml: the web console `soloops watch` serves under /console.
 * Session lifetimes as PagerDuty-style defaults (24 h access, 7 d refresh, 2 h idle); login
 * throttling per user and per address.
 */
export const consoleSchema = z.strictObject({
  /** Serve /console and its API; the public status page at /status does not depend on it. */
  enabled: z.boolean().default(true),
  access_ttl: duration.default(SESSION_DEFAULTS.accessTtlMs),
  refresh_ttl: duration.default(SESSION_DEFAULTS.refreshTtlMs),
  idle_timeout: duration.default(SESSION_DEFAULTS.idleTimeoutMs),
  /**
   * Secure cookies: `auto` sets the flag when the request came over TLS (directly or, behind a
   * proxy, X-Forwarded-Proto: https from a trusted proxy); `always` or `never` force it.
   */
  secure_cookies: z.enum(['auto', 'always', 'never']).default('auto'),
  /** Proxy addresses whose X-Forwarded-For/-Proto are believed (Fastify's trustProxy). */
  trust_proxy: z.union([z.boolean(), z.array(z.string())]).default(false),
  login: z
    .strictObject({
      /** Failed logins per user name, then locked for `lockout`. */
      max_failures_per_user: z.number().int().positive().default(5),
      /** Failed logins per client address, then locked for `lockout`. */
      max_failures_per_address: z.number().int().positive().default(20),
      window: duration.default(15 * 60_000),
      lockout: duration.default(15 * 60_000),
    })
    .default({ max_failures_per_user: 5, max_failures_per_address: 20, window: 900_000, lockout: 900_000 }),
});

export type ConsoleConfig = z.output<typeof consoleSchema>;
