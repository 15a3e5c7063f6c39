/**
 * Webhook authentication, one call per request: the HTTP server passes the source's resolved
 * auth settings and the request, and answers 401 with the reason when the result is not ok.
 * Every configured check must pass; cheap local checks run before SNS, which may download.
 */
import { isRecord } from '../../core/json.js';
import { headerValue, type Headers } from './headers.js';
import { failed, passed, type AuthResult } from './result.js';
import { sentrySignatureValid } from './sentry.js';
import { createSnsVerifier, type SnsVerifier } from './sns.js';
import { presentedToken, tokenMatches } from './token.js';

export type { AuthResult } from './result.js';
export { confirmSubscription, createSnsVerifier, subscribeUrlAllowed, type SnsVerifier, type SnsVerifierOptions } from './sns.js';

/**
 * How one webhook source proves who sent it. Values are already resolved from the environment
 * or files the config names (secrets never sit in the config itself).
 */
export interface SourceAuth {
  /** Shared token, presented as `Authorization: Bearer …` or `?token=…`. */
  token?: string;
  /** Sentry integration client secret; checks `Sentry-Hook-Signature` against the raw body. */
  sentry_secret?: string;
  /** Amazon SNS signatures; `confirm_subscriptions` is acted on by the server, not here. */
  sns?: { verify: boolean; confirm_subscriptions?: boolean };
}

/** The parts of a request the checks read. `rawBody` must be the bytes as received, before parsing. */
export interface AuthRequest {
  headers: Headers;
  query: Record<string, string | undefined>;
  rawBody: Buffer;
  body: unknown;
}

let sharedVerifier: SnsVerifier | undefined;

/** The SNS messages a body carries: the HTTPS envelope itself, or each record of a Lambda event. */
function snsMessages(body: unknown): unknown[] {
  if (isRecord(body) && Array.isArray(body.Records)) return body.Records.map((record) => (isRecord(record) ? record.Sns : record));
  return [body];
}

/**
 * Checks a request against its source's auth settings. No settings means the source is open
 * (the person chose that, e.g. a loopback-only listener). `snsVerifier` lets the daemon share
 * one certificate cache and lets tests inject a fetcher; by default one module-wide verifier is used.
 */
export async function authenticate(config: SourceAuth | undefined, request: AuthRequest, snsVerifier?: SnsVerifier): Promise<AuthResult> {
  if (!config) return passed;
  if (config.token !== undefined) {
    const presented = presentedToken(request.headers, request.query);
    if (presented === undefined) return failed('missing token: send Authorization: Bearer <token> or ?token=<token>');
    if (!tokenMatches(config.token, presented)) return failed('token does not match');
  }
  if (config.sentry_secret !== undefined) {
    const signature = headerValue(request.headers, 'sentry-hook-signature');
    if (signature === undefined) return failed('missing Sentry-Hook-Signature header');
    if (!sentrySignatureValid(config.sentry_secret, request.rawBody, signature)) return failed('Sentry-Hook-Signature does not match the body');
  }
  if (config.sns?.verify) {
    const verifier = snsVerifier ?? (sharedVerifier ??= createSnsVerifier());
    const messages = snsMessages(request.body);
    if (messages.length === 0) return failed('SNS: Lambda event has no records');
    for (const message of messages) {
      const result = await verifier.verify(message);
      if (!result.ok) return failed(`SNS: ${result.reason}`);
    }
  }
  return passed;
}
