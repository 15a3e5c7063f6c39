/**
 * CloudWatch's webhook check, `watch.auth.<entry>.sns`: every SNS message a body carries (the
 * HTTPS envelope, or each record of a Lambda event) must be signed by AWS (sns-verifier.ts) and
 * recent enough not to be a replay. Confirming subscriptions is the server's part: it reads
 * `confirm_subscriptions` from the resolved settings.
 */
import { isRecord } from '../../core/json.js';
import { failed, passed, type SettingsKit, type WebhookCheck } from '../shared/webhook-auth.js';
import { createSnsVerifier, type SnsVerifier } from './sns-verifier.js';

/** SNS may deliver a message a little before our clock says it was published. */
const SNS_CLOCK_SKEW_MS = 5 * 60_000;

/** The default replay window: SNS's own delivery retries end within an hour. */
export const SNS_MAX_AGE_MS = 60 * 60_000;

const settings = ({ strictObject, boolean, duration }: SettingsKit) =>
  strictObject({
    verify: boolean().default(true),
    confirm_subscriptions: boolean().default(false),
    /** A signed message older than this is a replay (SNS's own retries end within the hour). */
    max_age: duration.default(SNS_MAX_AGE_MS),
  });

/**
 * The `sns` setting as the daemon uses it; `confirm_subscriptions` is acted on by the server.
 * `max_age_ms`: a signed message whose `Timestamp` is older is a replay and refused.
 */
export interface SnsSettings {
  verify: boolean;
  confirm_subscriptions?: boolean;
  max_age_ms?: number;
}

function snsAgeProblem(message: unknown, maxAgeMs: number, now: Date): string | undefined {
  const stamp = isRecord(message) && typeof message.Timestamp === 'string' ? Date.parse(message.Timestamp) : Number.NaN;
  if (Number.isNaN(stamp)) return 'SNS message has no readable Timestamp';
  if (stamp > now.getTime() + SNS_CLOCK_SKEW_MS) return 'SNS message Timestamp is in the future';
  if (now.getTime() - stamp > maxAgeMs)
    return (
      `SNS message is older than ${Math.round(maxAgeMs / 60_000)} min (a replay?); ` +
      'raise watch.auth.<source>.sns.max_age if SNS retries for longer'
    );
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
 * The `sns` setting and the signature and replay check it turns on. The daemon shares one
 * verifier (one certificate cache) across requests; without one, a module-wide verifier is used.
 */
export const cloudwatchAuth: WebhookCheck<'sns', ReturnType<typeof settings>, SnsSettings, SnsVerifier> = {
  key: 'sns',
  credentialHeaders: [],
  remote: true,
  settings,
  resolve: (sns) => ({ verify: sns.verify, confirm_subscriptions: sns.confirm_subscriptions, max_age_ms: sns.max_age }),
  protects: (sns) => sns.verify,
  async verify(sns, request, snsVerifier) {
    if (!sns.verify) return passed;
    const verifier = snsVerifier ?? (sharedVerifier ??= createSnsVerifier());
    const maxAgeMs = sns.max_age_ms ?? SNS_MAX_AGE_MS;
    for (const body of request.bodies) {
      const messages = snsMessages(body);
      if (messages.length === 0) return failed('SNS: Lambda event has no records');
      for (const message of messages) {
        const result = await verifier.verify(message);
        if (!result.ok) return failed(`SNS: ${result.reason}`);
        const stale = snsAgeProblem(message, maxAgeMs, request.now());
        if (stale) return failed(`SNS: ${stale}`);
      }
    }
    return passed;
  },
};
