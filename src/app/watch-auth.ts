import fs from 'node:fs';
import path from 'node:path';
import type { SourceName } from '../core/alert.js';
import type { SecretRef, SourceAuthConfig, WatchConfig } from '../core/config.js';
import { UserError, messageOf } from '../core/errors.js';
import type { SourceAuth } from '../watch/auth/index.js';

type Env = Record<string, string | undefined>;

/** Reads a secret from the variable or file the config names; UserError naming the key when missing. */
export function readSecret(ref: SecretRef, key: string, env: Env, baseDir: string): string {
  if (ref.env !== undefined) {
    const value = env[ref.env];
    if (!value) throw new UserError(`${key}: environment variable ${ref.env} is not set`, `export ${ref.env}=… before running soloops (the value is never printed)`);
    return value;
  }
  const file = path.resolve(baseDir, ref.file!);
  try {
    return fs.readFileSync(file, 'utf8').trim();
  } catch (error) {
    throw new UserError(`${key}: cannot read the secret file ${file}: ${messageOf(error)}`, 'check the path and that soloops may read it');
  }
}

function resolve(config: SourceAuthConfig, key: string, env: Env, baseDir: string): SourceAuth {
  return {
    ...(config.token ? { token: readSecret(config.token, `${key}.token`, env, baseDir) } : {}),
    ...(config.sentry_secret ? { sentry_secret: readSecret(config.sentry_secret, `${key}.sentry_secret`, env, baseDir) } : {}),
    ...(config.sns ? { sns: config.sns } : {}),
  };
}

/**
 * Resolves `watch.auth` into per-source settings with their secrets read now, so a missing
 * variable stops the daemon at start (exit 2) instead of failing every webhook at 3 a.m.
 * A source without its own entry gets `default`'s.
 */
export function resolveWebhookAuth(watch: WatchConfig, sourceNames: readonly SourceName[], env: Env, baseDir: string): (source: SourceName) => SourceAuth | undefined {
  for (const name of Object.keys(watch.auth)) {
    if (name !== 'default' && !sourceNames.includes(name as SourceName)) {
      throw new UserError(`watch.auth.${name}: unknown source`, `use default or one of: ${sourceNames.join(', ')}`);
    }
  }
  const resolved = new Map(Object.entries(watch.auth).map(([name, config]) => [name, resolve(config, `watch.auth.${name}`, env, baseDir)]));
  return (source) => resolved.get(source) ?? resolved.get('default');
}

/** The auth `POST /v1/ack/ID` requires: `watch.auth.default`, the one that covers every sender. */
export function resolveAckAuth(watch: WatchConfig, env: Env, baseDir: string): SourceAuth | undefined {
  return watch.auth.default ? resolve(watch.auth.default, 'watch.auth.default', env, baseDir) : undefined;
}

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost', '::ffff:127.0.0.1']);

/** Whether every source would have to authenticate: a `default` entry, or one per source. */
export function everySourceAuthenticated(watch: WatchConfig, sourceNames: readonly SourceName[]): boolean {
  const protects = (c: SourceAuthConfig | undefined) => Boolean(c && (c.token || c.sentry_secret || c.sns?.verify));
  return protects(watch.auth.default) || sourceNames.every((s) => protects(watch.auth[s]));
}

/** Refuses to listen beyond loopback with open sources, unless the person said --insecure. */
export function assertSafeBinding(host: string, watch: WatchConfig, sourceNames: readonly SourceName[], insecure: boolean): void {
  if (LOOPBACK.has(host) || insecure || everySourceAuthenticated(watch, sourceNames)) return;
  throw new UserError(
    `refusing to listen on ${host} without webhook authentication: anyone who can reach it could page you`,
    'configure watch.auth.default.token (e.g. token: {env: SOLOOPS_WEBHOOK_TOKEN}), bind to 127.0.0.1 behind a proxy, or pass --insecure',
  );
}
