import { afterEach, describe, expect, it, vi } from 'vitest';
import { createTestCa } from '../../../test/helpers/sns-test-ca.js';
import { createCertificateCache, fetchCertificateHttps, fetchFailure } from './sns-cert.js';

// A certificate issued by a test CA made here: the cache only parses it, so any real X.509 will do.
const pem = createTestCa().issue().pem;

describe('createCertificateCache', () => {
  it('parses the certificate and keeps it per URL', async () => {
    const fetcher = vi.fn(async (_url: string) => pem);
    const cache = createCertificateCache(fetcher);
    const first = await cache.get('https://a/1.pem');
    expect(first.subject).toBe('CN=sns.amazonaws.com');
    expect(await cache.get('https://a/1.pem')).toBe(first);
    expect(fetcher).toHaveBeenCalledTimes(1);
  });

  it('holds at most its limit, dropping the least recently used', async () => {
    const fetcher = vi.fn(async (_url: string) => pem);
    const cache = createCertificateCache(fetcher, 2);
    await cache.get('https://a/1.pem');
    await cache.get('https://a/2.pem');
    await cache.get('https://a/1.pem'); // 1 is now the most recently used
    await cache.get('https://a/3.pem'); // evicts 2
    await cache.get('https://a/1.pem');
    expect(fetcher).toHaveBeenCalledTimes(3);
    await cache.get('https://a/2.pem');
    expect(fetcher.mock.calls.map(([url]) => url)).toEqual([
      'https://a/1.pem',
      'https://a/2.pem',
      'https://a/3.pem',
      'https://a/2.pem',
    ]);
  });

  it('does not keep a failure: the next call downloads again', async () => {
    const fetcher = vi
      .fn<(url: string) => Promise<string>>()
      .mockResolvedValueOnce('not a certificate')
      .mockResolvedValue(pem);
    const cache = createCertificateCache(fetcher);
    await expect(cache.get('https://a/1.pem')).rejects.toThrow();
    await expect(cache.get('https://a/1.pem')).resolves.toBeDefined();
  });
});

describe('fetchCertificateHttps', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('GETs with a timeout and refuses redirects', async () => {
    const fake = vi.fn(async (_url: string, _init?: RequestInit) => new Response('PEM TEXT'));
    vi.stubGlobal('fetch', fake);
    expect(await fetchCertificateHttps('https://sns.us-east-1.amazonaws.com/x.pem')).toBe('PEM TEXT');
    const init = fake.mock.calls[0]!;
    expect(init[1]?.redirect).toBe('error');
    expect(init[1]?.signal).toBeInstanceOf(AbortSignal);
  });

  it('refuses plain http without a request', async () => {
    const fake = vi.fn();
    vi.stubGlobal('fetch', fake);
    await expect(fetchCertificateHttps('http://sns.us-east-1.amazonaws.com/x.pem')).rejects.toThrow(
      'certificate URL is not https',
    );
    expect(fake).not.toHaveBeenCalled();
  });

  it('fails on an HTTP error and on a body too large to be a certificate', async () => {
    vi.stubGlobal('fetch', async () => new Response('gone', { status: 404 }));
    await expect(fetchCertificateHttps('https://sns.us-east-1.amazonaws.com/x.pem')).rejects.toThrow('HTTP 404');
    vi.stubGlobal('fetch', async () => new Response('x'.repeat(100_000)));
    await expect(fetchCertificateHttps('https://sns.us-east-1.amazonaws.com/x.pem')).rejects.toThrow('too large');
  });
});

describe('fetchFailure', () => {
  it('adds the cause code undici hides behind "fetch failed"', () => {
    const cause = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:443'), { code: 'ECONNREFUSED' });
    expect(fetchFailure(new TypeError('fetch failed', { cause }))).toBe('fetch failed (ECONNREFUSED)');
    expect(fetchFailure(new Error('HTTP 503'))).toBe('HTTP 503');
  });

  it('removes a URL that carries a token', () => {
    const url = 'https://sns.us-east-1.amazonaws.com/?Token=secret-token';
    expect(fetchFailure(new Error(`request to ${url} failed`), url)).toBe('request to <url> failed');
  });
});
