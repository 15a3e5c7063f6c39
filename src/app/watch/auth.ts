import type { SourceName } from '../../core/alert.js';
import { UserError } from '../../core/errors.js';
import { webhookChecks } from '../../sources/registry.js';
import { defaultToken, readSecret } from '../secrets.js';
import type { SourceAuth } from '../../watch/auth/index.js';
import type { OwnEndpointAccess } from '../../watch/auth/own-endpoints.js';
import type { SourceAuthConfig, WatchConfigWithAuth } from './auth-schema.js';

type Env = Record<string, string | undefined>;

/** The settings each source's check reads from an entry, by key (absent or empty ones left out). */
function checkSettings(config: SourceAuthConfig) {
  const entry = config as Record<string, unknown>;
  return webhookChecks.flatMap((check) => (entry[check.key] ? [{ check, setting: entry[check.key] }] : []));
}

/** An entry with every secret it names read now: the token and each source check's own. */
function resolve(config: SourceAuthConfig, key: string, env: Env, baseDir: string): SourceAuth {
  const resolved: Record<string, unknown> = {};
  if (config.token) resolved.token = readSecret(config.token, `${key}.token`, env, baseDir);
  for (const { check, setting } of checkSettings(config)) {
    resolved[check.key] = check.resolve(setting, (ref) => readSecret(ref, `${key}.${check.key}`, env, baseDir));
  }
  return resolved as SourceAuth;
}

/**
 * Which `watch.auth` entry covers `source`: its own, which replaces `default` whole (it does not
 * inherit default's token), else `default`, else none (the source is open). The one rule both
 * the bind check and every request use, so they can never disagree about an open source.
 */
export function authEntryFor(watch: WatchConfigWithAuth, source: SourceName): string | undefined {
  if (Object.hasOwn(watch.auth, source)) return source;
  return watch.auth.default ? 'default' : undefined;
}

/** Whether an auth entry actually checks anything (an empty `{}` or `sns: {verify: false}` does not). */
function protects(config: SourceAuthConfig | undefined): boolean {
  if (!config) return false;
  return Boolean(config.token) || checkSettings(config).some(({ check, setting }) => check.protects(setting));
}

/**
 * Resolves `watch.auth` into per-source settings with their secrets read now, so a missing
 * variable stops the daemon at start (exit 2) instead of failing every webhook at 3 a.m.
 */
export function resolveWebhookAuth(
  watch: WatchConfigWithAuth,
  sourceNames: readonly SourceName[],
  env: Env,
  baseDir: string,
): (source: SourceName) => SourceAuth | undefined {
  for (const name of Object.keys(watch.auth)) {
    if (name !== 'default' && !sourceNames.includes(name as SourceName)) {
      throw new UserError(`watch.auth.${name}: unknown source`, `use default or one of: ${sourceNames.join(', ')}`);
    }
  }
  const resolved = new Map(
    Object.entries(watch.auth).map(([name, config]) => [name, resolve(config, `watch.auth.${name}`, env, baseDir)]),
  );
  return (source) => {
    const entry = authEntryFor(watch, source);
    return entry === undefined ? undefined : resolved.get(entry);
  };
}

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost', '::ffff:127.0.0.1']);

/** True when `host` is only reachable from this machine. */
export function isLoopback(host: string): boolean {
  return LOOPBACK.has(host) || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/**
 * Resolves {@link OwnEndpointAccess} for a daemon listening on `host`: beyond loopback, closed
 * without a token even with --insecure.
 */
export function resolveOwnEndpointAccess(
  watch: WatchConfigWithAuth,
  host: string,
  env: Env,
  baseDir: string,
): OwnEndpointAccess {
  const token = defaultToken(watch, env, baseDir);
  if (token) return { kind: 'token', token };
  if (isLoopback(host)) return { kind: 'open' };
  return {
    kind: 'closed',
    reason:
      'set watch.auth.default.token: without it this endpoint is closed ' +
      `when soloops listens beyond loopback (${host})`,
  };
}

/** The sources a listener beyond loopback would leave open (no check configured for them). */
export function openSources(watch: WatchConfigWithAuth, sourceNames: readonly SourceName[]): SourceName[] {
  return sourceNames.filter((source) => {
    const entry = authEntryFor(watch, source);
    return !protects(entry === undefined ? undefined : watch.auth[entry]);
  });
}

/** Refuses to listen beyond loopback with open sources, unless the person said --insecure. */
export function assertSafeBinding(
  host: string,
  watch: WatchConfigWithAuth,
  sourceNames: readonly SourceName[],
  insecure: boolean,
): void {
  const open = openSources(watch, sourceNames);
  if (isLoopback(host) || insecure || open.length === 0) return;
  throw new UserError(
    `refusing to listen on ${host}: ${open.join(', ')} would accept webhooks without authentication, ` +
      'and anyone who can reach it could page you',
    'configure watch.auth.default.token (e.g. token: {env: SOLOOPS_WEBHOOK_TOKEN}) ' +
      'and give any source with its own watch.auth entry a check of its own, ' +
      'bind to 127.0.0.1 behind a proxy, or pass --insecure',
  );
}
