/**
 * SNS signing certificates: download and a small cache. SNS signs with one certificate per
 * region for months, so a burst of alarms must cost one download, and requests that arrive
 * while it is in flight wait for the same one instead of starting their own.
 */
import { X509Certificate } from 'node:crypto';

/** Returns the PEM text at an https URL that has already passed the SNS host rule. */
export type FetchCertificate = (url: string) => Promise<string>;

/** A real certificate is ~2 KB; anything far larger is not one and is not worth buffering. */
const maxPemBytes = 64 * 1024;

/**
 * The production fetcher: global fetch over https only, 5 s limit, no redirects (a redirect
 * would leave the host that was checked).
 */
export async function fetchCertificateHttps(url: string): Promise<string> {
  if (new URL(url).protocol !== 'https:') throw new Error('certificate URL is not https');
  const response = await fetch(url, { signal: AbortSignal.timeout(5_000), redirect: 'error' });
  if (!response.ok) {
    await response.body?.cancel();
    throw new Error(`HTTP ${response.status}`);
  }
  const length = Number(response.headers.get('content-length') ?? 0);
  if (length > maxPemBytes) {
    await response.body?.cancel();
    throw new Error('response is too large to be a certificate');
  }
  const text = await response.text();
  if (text.length > maxPemBytes) throw new Error('response is too large to be a certificate');
  return text;
}

/** Parsed certificates by URL, least recently used evicted first. */
export interface CertificateCache {
  get(url: string): Promise<X509Certificate>;
}

/**
 * A fetch failure in words: undici's bare "fetch failed" hides the useful part (ECONNREFUSED,
 * ENOTFOUND, a timeout) in `cause`. `hide` is removed from the text, for URLs that carry a token.
 */
export function fetchFailure(error: unknown, hide?: string): string {
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : undefined;
  const code = cause && 'code' in cause && typeof cause.code === 'string' ? cause.code : cause?.message;
  const text = error instanceof Error ? error.message : String(error);
  const full = code && !text.includes(code) ? `${text} (${code})` : text;
  return hide ? full.replaceAll(hide, '<url>') : full;
}

/**
 * A cache holding at most `limit` certificates. The promise is cached, not the result, so
 * concurrent callers share one download; a failed download is dropped so the next message
 * retries rather than failing until restart.
 */
export function createCertificateCache(fetchCertificate: FetchCertificate, limit = 100): CertificateCache {
  const entries = new Map<string, Promise<X509Certificate>>();
  return {
    get(url) {
      const hit = entries.get(url);
      if (hit) {
        // Re-inserting moves the entry to the end of the Map's insertion order: a cheap LRU.
        entries.delete(url);
        entries.set(url, hit);
        return hit;
      }
      const pending = fetchCertificate(url).then((pem) => new X509Certificate(pem));
      entries.set(url, pending);
      pending.catch(() => {
        if (entries.get(url) === pending) entries.delete(url);
      });
      if (entries.size > limit) {
        const oldest = entries.keys().next();
        if (!oldest.done) entries.delete(oldest.value);
      }
      return pending;
    },
  };
}
