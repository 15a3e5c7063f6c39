import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The signature on a digest's link (`GET /v1/digests/:id?sig=…`): HMAC-SHA256 of the id under the
 * webhook token, so a link in a phone notification opens the page without carrying the token
 * itself, and guessing another id gets nothing.
 */
export function digestLinkSignature(secret: string, id: number): string {
  return createHmac('sha256', secret).update(`soloops-digest:${id}`).digest('hex');
}

/** Constant-time check of a presented signature. */
export function digestLinkValid(secret: string, id: number, presented: string | undefined): boolean {
  if (!secret || !presented) return false;
  const expected = Buffer.from(digestLinkSignature(secret, id));
  const given = Buffer.from(presented);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
