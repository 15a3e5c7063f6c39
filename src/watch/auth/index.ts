/**
 * Webhook authentication, one call per request: the HTTP server passes the source's resolved
 * auth settings and the request, and answers 401 with the reason when the result is not ok.
 * Every configured check must pass; cheap local checks run before SNS, which may download.
 */
import { isRecord } from '../../core/json.js';
import { headerValue, repeatedCredential, type Headers } from './headers.js';
import { failed, passed, type AuthResult } from './result.js';
import { sentrySignatureValid } from './sentry.js';
import { createSnsVerifier, type SnsVerifier } from './sns.js';
import { presentedToken, tokenMatches } from './token.js';

export type { AuthResult } from './result.js';
export {
  confirmSubscription,
  createSnsVerifier,
  subscribeUrlAllowed,
  type SnsVerifier,
  type SnsVerifierOptions,
} from './sns.js';

/**
 * How one webhook source proves who sent it. Values are already resolved from the environment
 * or files the config names (secrets never sit in the config itself).
 */
export interface SourceAuth {
  /** Shared token, presented as `Authorization: Bearer …` or `?token=…`. */
  token?: string;
  /** Sentry integration client secret; checks `Sentry-Hook-Signature` against the raw body. */
  sentry_secret?: string;
  /**
   * Amazon SNS signatures; `confirm_subscriptions` is acted on by the server, not here.
   * `max_age_ms`: a signed message whose `Timestamp` is older is a replay and refused.
   */
  sns?: { verify: boolean; confirm_subscriptions?: boolean; max_age_ms?: number };
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
  /** The clock for SNS replay checks (default: now). */
  now?: Date;
}

/** SNS may deliver a message a little before our clock says it was published. */
const SNS_CLOCK_SKEW_MS = 5 * 60_000;
/** The default replay window: SNS's own delivery retries end within an hour. */
export const SNS_MAX_AGE_MS = 60 * 60_000;

function snsAgeProblem(message: unknown, maxAgeMs: number, now: Date): string | undefined {
  const stamp = isRecord(message) && typeof message.Timestamp === 'string' ? Date.parse(message.Timestamp) : Number.NaN;
  if (Number.isNaN(stamp)) return 'SNS message has no readable Timestamp';
  if (stamp > now.getTime() + SNS_CLOCK_SKEW_MS) return 'SNS message Timestamp is in the future';
  if (now.getTime() - stamp > maxAgeMs)
    return `SNS message is older than ${Math.round(maxAgeMs / 60_000)} min (a replay?); raise watch.auth.<source>.sns.max_age if SNS retries for longer`;
  return undefined;
}

let sharedVerifier: SnsVerifier | undefined;

/** The SNS messages a body carries: the HTTPS envelope itself, or each record of a Lambda event. */
function snsMessages(body: unknown): unknown[] {
  if (isRecord(body) && Array.isArray(body.Records))
    return body.Records.map((record) => (isRecord(record) ? record.Sns : record));
  return [body];
}

/**
 * Checks a request against its source's auth settings. No settings means the source is open
 * (the person chose that, e.g. a loopback-only listener). `snsVerifier` lets the daemon share
 * one certificate cache and lets tests inject a fetcher; by default one module-wide verifier is used.
 */
export async function authenticate(
  config: SourceAuth | undefined,
  request: AuthRequest,
  snsVerifier?: SnsVerifier,
): Promise<AuthResult> {
  if (!config) return passed;
  const repeated = repeatedCredential(request.rawHeaders, request.query);
  if (repeated) return failed(`${repeated}: send each credential once`);
  if (config.token !== undefined) {
    const presented = presentedToken(request.headers, request.query);
    if (presented === undefined) return failed('missing token: send Authorization: Bearer <token> or ?token=<token>');
    if (!tokenMatches(config.token, presented)) return failed('token does not match');
  }
  if (config.sentry_secret !== undefined) {
    const signature = headerValue(request.headers, 'sentry-hook-signature');
    if (signature === undefined) return failed('missing Sentry-Hook-Signature header');
    if (!sentrySignatureValid(config.sentry_secret, request.rawBody, signature))
      return failed('Sentry-Hook-Signature does not match the body');
  }
  if (config.sns?.verify) {
    const verifier = snsVerifier ?? (sharedVerifier ??= createSnsVerifier());
    const maxAgeMs = config.sns.max_age_ms ?? SNS_MAX_AGE_MS;
    for (const body of request.bodies) {
      const messages = snsMessages(body);
      if (messages.length === 0) return failed('SNS: Lambda event has no records');
      for (const message of messages) {
        const result = await verifier.verify(message);
        if (!result.ok) return failed(`SNS: ${result.reason}`);
        const stale = snsAgeProblem(message, maxAgeMs, request.now ?? new Date());
        if (stale) return failed(`SNS: ${stale}`);
      }
    }
  }
  return passed;
}
