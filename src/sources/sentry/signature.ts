/**
 * Sentry integration-platform webhooks: `Sentry-Hook-Signature` is the hex HMAC-SHA256 of the
 * request body keyed with the integration's client secret. The body must be the raw bytes as
 * received: Sentry's own example re-serializes the parsed body (`JSON.stringify`), which only
 * matches when the sender's JSON spacing and key order happen to equal V8's.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

const hexSha256 = /^[0-9a-f]{64}$/i;

/**
 * True when `signatureHeader` is the HMAC-SHA256 of `rawBody` under `secret`, compared in
 * constant time. A missing or malformed header, or an empty secret, is simply invalid.
 */
export function sentrySignatureValid(
  secret: string,
  rawBody: Buffer | string,
  signatureHeader: string | undefined,
): boolean {
  if (secret === '' || signatureHeader === undefined) return false;
  const presented = signatureHeader.trim();
  // The length and alphabet are public facts about the format, so checking them first leaks nothing.
  if (!hexSha256.test(presented)) return false;
  const expected = createHmac('sha256', secret).update(rawBody).digest();
  return timingSafeEqual(expected, Buffer.from(presented, 'hex'));
}
