/**
 * Webhook authentication, one call per request: the HTTP server passes the source's resolved
 * auth settings and the request, and answers 401 with the reason when the result is not ok.
 * Every configured check must pass: the shared token first, then each source's own check from
 * the registry (src/sources/<source>/auth.ts), cheap local ones before any that may download.
 */
import { webhookChecks, type WebhookCheckState, type WebhookSettings } from '../../sources/registry.js';
import { passed, failed, type AuthResult, type WebhookRequest } from '../../sources/shared/webhook-auth.js';
import { headerValue, repeatedCredential, type Headers } from './headers.js';
import { presentedToken, tokenMatches } from './token.js';

export type { AuthResult } from '../../sources/shared/webhook-auth.js';

/**
 * How one webhook source proves who sent it: the shared token, and each source check's setting
 * under its key (`sentry_secret`, `sns`). Values are already resolved from the environment or
 * files the config names (secrets never sit in the config itself).
 */
export interface SourceAuth extends WebhookSettings {
  /** Shared token, presented as `Authorization: Bearer …` or `?token=…`. */
  token?: string;
}

/** The parts of a request the checks read. `rawBody` must be the bytes as received, before parsing. */
export interface AuthRequest {
  headers: Headers;
  /** Node's `rawHeaders`: shows a repeated Authorization header that `headers` silently dropped. */
  rawHeaders?: readonly string[];
  query: Record<string, unknown>;
  rawBody: Buffer;
  /** Every payload of the body this source's settings apply to: each one must pass, not just the first. */
  bodies: readonly unknown[];
  /** The clock for replay checks (default: now). */
  now?: Date;
}

/**
 * Checks a request against its source's auth settings. No settings means the source is open
 * (the person chose that, e.g. a loopback-only listener). `state` is what the daemon keeps for
 * the checks across requests (one SNS certificate cache); tests inject their own. Without it,
 * each check uses a module-wide one.
 */
export async function authenticate(
  config: SourceAuth | undefined,
  request: AuthRequest,
  state?: WebhookCheckState,
): Promise<AuthResult> {
  if (!config) return passed;
  const repeated = repeatedCredential(request.rawHeaders, request.query);
  if (repeated) return failed(`${repeated}: send each credential once`);
  if (config.token !== undefined) {
    const presented = presentedToken(request.headers, request.query);
    if (presented === undefined) return failed('missing token: send Authorization: Bearer <token> or ?token=<token>');
    if (!tokenMatches(config.token, presented)) return failed('token does not match');
  }
  const webhook: WebhookRequest = {
    header: (name) => headerValue(request.headers, name),
    rawBody: request.rawBody,
    bodies: request.bodies,
    now: () => request.now ?? new Date(),
  };
  for (const check of webhookChecks) {
    const settings = (config as Record<string, unknown>)[check.key];
    if (settings === undefined) continue;
    const result = await check.verify(settings, webhook, state);
    if (!result.ok) return result;
  }
  return passed;
}
