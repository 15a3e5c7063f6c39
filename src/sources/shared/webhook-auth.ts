/**
 * The contract between a source's own webhook check (src/sources/<source>/auth.ts) and the daemon
 * (src/watch/auth), which runs it through the registry. It lives here, below watch, so a source
 * never imports the daemon that calls it.
 */
import type * as z from 'zod';
import type { duration, secretRef } from '../../core/config-primitives.js';

/**
 * What every webhook check answers. Reasons are short sentences for the 401 body and the log;
 * they name what was wrong (a header, a host), never a secret or a token.
 */
export type AuthResult = { ok: true } | { ok: false; reason: string };

/** The passing result, shared so callers can compare by shape without allocating. */
export const passed: AuthResult = Object.freeze({ ok: true });

/** A failing result with a human reason. */
export const failed = (reason: string): AuthResult => ({ ok: false, reason });

/** The parts of a webhook request a source's check reads. */
export interface WebhookRequest {
  /** A header's single value, matched case-insensitively; undefined when absent, empty or repeated. */
  header(name: string): string | undefined;
  /** The body as received, before parsing: signatures are over these bytes. */
  rawBody: Buffer;
  /** Every payload of the body this source's settings apply to: each one must pass, not just the first. */
  bodies: readonly unknown[];
  /** The clock for replay checks, read when a check needs it (after any download). */
  now(): Date;
}

/**
 * The schema pieces a check builds its settings from. The config composer (app/config-schema.ts)
 * hands them over, so that parsing alerts, which loads every source, never loads zod. Single
 * builders, never zod's namespace: passing the namespace as a value would stop the bundler from
 * dropping the parts of zod no one uses (its 60 locales: half a megabyte on every cold start).
 */
export interface SettingsKit {
  strictObject: typeof z.strictObject;
  boolean: typeof z.boolean;
  secretRef: typeof secretRef;
  duration: typeof duration;
}

/** Reads the secret a setting names (env or file); throws a UserError naming the config key. */
export type ReadSecret = (ref: z.output<typeof secretRef>) => string;

/**
 * A source's own way of proving who sent a webhook: one key of every `watch.auth.<entry>`, its
 * settings schema, how its secrets resolve, and the check itself. `State` is what the daemon keeps
 * across requests for it (CloudWatch's certificate cache), injected so tests can fake it.
 */
export interface WebhookCheck<Key extends string, Schema extends z.ZodType, Settings, State = never> {
  /** The key under `watch.auth.<entry>` (`sentry_secret`, `sns`). */
  key: Key;
  /** Headers carrying this check's credential: a request repeating one is refused, like a repeated token. */
  credentialHeaders: readonly string[];
  /** True when the check may use the network: it then runs after every local one, so a bad token costs no download. */
  remote: boolean;
  /** The setting's schema (made optional by the composer). */
  settings(kit: SettingsKit): Schema;
  /** The setting with its secrets read, once at start, so a missing variable stops the daemon there. */
  resolve(config: z.output<Schema>, read: ReadSecret): Settings;
  /** Whether the setting checks anything at all (`sns: {verify: false}` does not). */
  protects(config: z.output<Schema>): boolean;
  /** Checks one request; called only when the source's entry has this key. */
  verify(settings: Settings, request: WebhookRequest, state?: State): Promise<AuthResult>;
}

/** Any source's check, for the generic code that runs them all. */
// biome-ignore lint/suspicious/noExplicitAny: each check's settings differ; the registry keeps them apart by key.
export type AnyWebhookCheck = WebhookCheck<string, z.ZodType, any, any>;
