import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Logger } from 'pino';
import type { NormalizedAlert, SourceName } from '../../core/alert.js';
import { messageOf } from '../../core/errors.js';
import type { SnsVerifier } from '../../sources/cloudwatch/sns-verifier.js';
import { authenticate, type AuthResult, type SourceAuth } from '../auth/index.js';
import type { IncomingPayload, PayloadRejection } from '../pipeline/types.js';
import { nothingAccepted, payloadsOf, type BodyPayload, type RejectedLine } from './body.js';
import type { WatchMetrics } from './metrics.js';
import type { RateLimiter } from './rate-limit.js';

/**
 * How much larger than its body a request's alerts may be once stored. A genuine group stores
 * about 2× its body (each member carries the shared labels); a hostile one with a large shared
 * field and hundreds of members would store that field hundreds of times.
 */
const EXPANSION_LIMIT = 16;
/** What every stored alert costs whatever its body (id, fingerprint, times, field names). */
const PER_ALERT_ALLOWANCE = 4096;

const UNRECOGNIZED = 'not an alert soloops recognizes; POST to /v1/alerts/<source> to name the source';

/** What the alert routes need from the daemon. */
export interface AlertRouteDeps {
  sourceNames: readonly SourceName[];
  detect(payload: unknown): SourceName | null;
  /** The auth settings for a source (its own, else `default`), secrets resolved. */
  authFor(source: SourceName): SourceAuth | undefined;
  snsVerifier: SnsVerifier;
  confirmSubscription(message: unknown): Promise<AuthResult>;
  /**
   * Validates and normalizes a request's payloads into alerts; a payload that does not normalize is
   * left out alone, with its index in `payloads` and why.
   */
  prepare(payloads: IncomingPayload[]): Promise<{ alerts: NormalizedAlert[]; rejected: PayloadRejection[] }>;
  /** Durably stores; resolves with the alert ids once committed. */
  commit(alerts: NormalizedAlert[]): Promise<string[]>;
  /** One request may carry at most this many alerts (watch.max_alerts_per_request); 413 beyond. */
  maxAlertsPerRequest: number;
  limiter: RateLimiter;
  metrics: WatchMetrics;
  log: Logger;
}

/**
 * `POST /v1/alerts` (source detected) and `POST /v1/alerts/:source`. Order per request: body →
 * source of every payload → auth of every payload → alerts → size and rate limits (in alerts) →
 * store. The body is read as `soloops triage` reads its input (JSON, NDJSON and text lines, mixed):
 * a line that cannot be read, recognized or normalized is left out alone and listed in the answer's
 * `rejected` ([{line, reason}]) beside the 202; only when no line is left is it a 400 (with the same
 * `rejected`). A refused request (4xx, 5xx) stores nothing, and a 202 is sent only after the alerts
 * are committed.
 */
export function registerAlertRoutes(app: FastifyInstance, deps: AlertRouteDeps): void {
  const refuse = (reply: FastifyReply, status: number, source: string, reason: string, extra: object = {}) => {
    deps.metrics.rejected.inc({ source, reason: String(status) });
    deps.log.warn({ status, source, reason }, 'webhook refused');
    return reply.code(status).send({ error: reason, ...extra });
  };
  // No line of the body was taken: a 400 naming each line and why (nothing was stored).
  const refuseAll = (reply: FastifyReply, source: string, rejected: RejectedLine[]) =>
    refuse(reply, 400, source, nothingAccepted(rejected), { rejected: byLine(rejected) });

  type Request = {
    body: unknown;
    headers: Record<string, string | string[] | undefined>;
    raw: { rawHeaders: string[] };
    query: unknown;
  };
  const tooMany = (count: number) =>
    `${count} alerts in one request; at most ${deps.maxAlertsPerRequest} ` +
    '(watch.max_alerts_per_request): split the body';

  const receive = async (request: Request, reply: FastifyReply, forced?: SourceName) => {
    const raw = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
    const parsed = payloadsOf(raw);
    if ('error' in parsed) return refuse(reply, 400, forced ?? 'unknown', parsed.error);
    // A line that cannot be read or recognized is rejected alone: the good lines beside it are kept.
    const rejected = [...parsed.rejected];
    if (parsed.payloads.length > deps.maxAlertsPerRequest)
      return refuse(reply, 413, forced ?? 'unknown', tooMany(parsed.payloads.length));
    // Every payload is authenticated by its own source's settings, not just the first: one
    // genuine signed message must not carry a forged alert past the check.
    const bySource = new Map<SourceName, unknown[]>();
    const payloads: BodyPayload[] = [];
    for (const item of parsed.payloads) {
      const source = forced ?? deps.detect(item.payload);
      if (!source) {
        rejected.push({ line: item.line, reason: UNRECOGNIZED });
        continue;
      }
      payloads.push(item);
      const same = bySource.get(source);
      if (same) same.push(item.payload);
      else bySource.set(source, [item.payload]);
    }
    if (payloads.length === 0) return refuseAll(reply, forced ?? 'unknown', rejected);
    const source = [...bySource.keys()].join('+');
    for (const [name, bodies] of bySource) {
      const auth = await authenticate(
        deps.authFor(name),
        {
          headers: request.headers,
          rawHeaders: request.raw.rawHeaders,
          query: request.query as Record<string, unknown>,
          rawBody: raw,
          bodies,
        },
        deps.snsVerifier,
      );
      if (!auth.ok) return refuse(reply, 401, name, auth.reason);
    }
    const confirmation =
      payloads.length === 1 && rejected.length === 0 && bySource.has('cloudwatch')
        ? subscriptionConfirmation(payloads[0]!.payload)
        : null;
    if (confirmation) return confirm(confirmation, 'cloudwatch', reply);
    const prepared = await deps.prepare(payloads.map(({ payload }) => ({ payload, source: forced })));
    for (const { index, reason } of prepared.rejected) rejected.push({ line: payloads[index]!.line, reason });
    if (prepared.rejected.length === payloads.length) return refuseAll(reply, source, rejected);
    const { alerts } = prepared;
    if (alerts.length > deps.maxAlertsPerRequest) return refuse(reply, 413, source, tooMany(alerts.length));
    const stored = storedSize(alerts);
    if (stored > raw.length * EXPANSION_LIMIT + alerts.length * PER_ALERT_ALLOWANCE) {
      return refuse(
        reply,
        413,
        source,
        `the ${alerts.length} alerts of this ${raw.length}-byte body would take ${stored} bytes to store: ` +
          "send the group's shared fields once, not per alert",
      );
    }
    for (const [name, count] of countBy(alerts, (a) => a.source)) {
      const retryAfter = deps.limiter.take(name, count);
      if (retryAfter > 0)
        return refuse(
          reply.header('retry-after', String(retryAfter)),
          429,
          name,
          `rate limit for ${name} reached; retry in ${retryAfter} s`,
        );
    }
    try {
      const ids = await deps.commit(alerts);
      for (const [name, count] of countBy(alerts, (a) => a.source)) deps.metrics.received.inc({ source: name }, count);
      // 202 whenever something was stored, rejected lines or not: a sender that saw an error would
      // retry, and store the good lines twice. `rejected` says which lines were left out, and why.
      return reply
        .code(202)
        .send({ accepted: ids.length, ids, ...(rejected.length > 0 && { rejected: byLine(rejected) }) });
    } catch (error) {
      deps.log.error({ err: error, source }, 'could not store alerts');
      // 503: nothing was stored, and every sender retries a 5xx.
      return refuse(reply, 503, source, `could not store the alerts: ${messageOf(error)}`);
    }
  };

  const confirm = async (message: unknown, source: string, reply: FastifyReply) => {
    if (!deps.authFor('cloudwatch')?.sns?.confirm_subscriptions) {
      deps.log.warn(
        'SNS SubscriptionConfirmation received and not confirmed (set watch.auth.cloudwatch.sns.confirm_subscriptions)',
      );
      return reply.code(200).send({ confirmed: false, reason: 'subscription confirmation is off in config' });
    }
    // Confirming subscribes this endpoint to someone's topic: only for a message AWS really signed.
    const signed = await deps.snsVerifier.verify(message);
    if (!signed.ok) return refuse(reply, 401, source, signed.reason);
    const result = await deps.confirmSubscription(message);
    if (!result.ok) return refuse(reply, 400, source, result.reason);
    deps.log.info('SNS subscription confirmed');
    return reply.code(200).send({ confirmed: true });
  };

  app.post('/v1/alerts', (request, reply) => receive(request, reply));
  app.post<{ Params: { source: string } }>('/v1/alerts/:source', (request, reply) => {
    const source = request.params.source as SourceName;
    if (!deps.sourceNames.includes(source))
      return refuse(
        reply,
        404,
        'unknown',
        `unknown source "${request.params.source}"; one of: ${deps.sourceNames.join(', ')}`,
      );
    return receive(request, reply, source);
  });
}

function subscriptionConfirmation(payload: unknown): unknown {
  const type = (payload as { Type?: unknown } | null)?.Type;
  return type === 'SubscriptionConfirmation' ? payload : null;
}

function countBy<T>(items: readonly T[], key: (item: T) => string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return counts;
}

/** The alerts' size as the inbox stores them (JSON), summed. */
function storedSize(alerts: readonly NormalizedAlert[]): number {
  let total = 0;
  for (const alert of alerts) total += JSON.stringify(alert).length;
  return total;
}

/** Rejected lines in body order. */
function byLine(rejected: readonly RejectedLine[]): RejectedLine[] {
  return [...rejected].sort((a, b) => a.line - b.line);
}
