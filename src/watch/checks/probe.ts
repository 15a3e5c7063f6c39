import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { connect, type LookupFunction } from 'node:net';
import { performance } from 'node:perf_hooks';
import { classifyError, describeError, statusAccepted } from './classify.js';
import type { CheckConfig, ProbeResult } from './types.js';

/** Options for one probe. */
export interface ProbeOptions {
  /**
   * Aborting ends the probe at once. It then resolves as failed (`errorType: 'timeout'`,
   * `error: 'aborted'`): a result the caller should discard, not record as an outage.
   */
  signal?: AbortSignal;
  /** Replaces DNS resolution (Node's `lookup` socket option); tests use it so no real name is resolved. */
  lookup?: LookupFunction;
}

/** Body bytes read at most when looking for `bodyContains`: enough for a status page, bounded for a huge one. */
export const MAX_BODY_BYTES = 1024 * 1024;

type Outcome = Omit<ProbeResult, 'at' | 'ms'>;

/** Thrown inside a probe when our own deadline or the caller's signal ends it. */
class Stopped extends Error {}

/**
 * Probes a check's target once: an HTTP(S) request (redirects are not followed) or a TCP connect.
 * Never throws; every failure comes back as a result with an `errorType`.
 */
export async function runProbe(check: CheckConfig, options: ProbeOptions = {}): Promise<ProbeResult> {
  const at = new Date().toISOString();
  const started = performance.now();
  const stop = new AbortController();
  const timer = setTimeout(() => stop.abort(new Stopped(`no answer within ${check.timeout} ms`)), check.timeout);
  const onAbort = () => stop.abort(new Stopped('aborted'));
  options.signal?.addEventListener('abort', onAbort, { once: true });
  if (options.signal?.aborted) onAbort();
  let outcome: Outcome;
  try {
    outcome = await attempt(check, options.lookup, stop.signal);
  } catch (err) {
    // Once stopped, the socket error that follows (ECONNRESET and the like) is only a symptom.
    const reason: unknown = stop.signal.aborted ? stop.signal.reason : err;
    outcome =
      reason instanceof Stopped
        ? { ok: false, errorType: 'timeout', error: reason.message }
        : { ok: false, errorType: classifyError(reason), error: describeError(reason) };
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', onAbort);
  }
  return { ...outcome, at, ms: Math.round(performance.now() - started) };
}

function attempt(check: CheckConfig, lookup: LookupFunction | undefined, signal: AbortSignal): Promise<Outcome> {
  if (signal.aborted) return Promise.reject(signal.reason);
  const url = new URL(check.url);
  if (url.protocol === 'tcp:') return probeTcp(url, lookup, signal);
  if (url.protocol === 'http:' || url.protocol === 'https:') return probeHttp(url, check, lookup, signal);
  return Promise.reject(new Error(`unsupported URL scheme ${url.protocol} (use http, https or tcp)`));
}

function probeTcp(url: URL, lookup: LookupFunction | undefined, signal: AbortSignal): Promise<Outcome> {
  const port = Number(url.port);
  if (!port) return Promise.reject(new Error(`${url.href} needs a port`));
  // Non-special schemes keep an IPv6 literal's brackets in `hostname`.
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port, ...(lookup && { lookup }) });
    socket.once('connect', () => {
      socket.destroy();
      resolve({ ok: true });
    });
    socket.on('error', reject);
    signal.addEventListener(
      'abort',
      () => {
        reject(signal.reason);
        socket.destroy();
      },
      { once: true },
    );
  });
}

function probeHttp(
  url: URL,
  check: CheckConfig,
  lookup: LookupFunction | undefined,
  signal: AbortSignal,
): Promise<Outcome> {
  const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = request(url, {
      method: check.method || 'GET',
      headers: { 'user-agent': 'soloops-health-check', ...check.headers },
      // A fresh connection per probe: a pooled keep-alive socket the server already closed
      // would fail as "socket hang up" and read as an outage that never happened.
      agent: false,
      ...(lookup && { lookup }),
    });
    signal.addEventListener(
      'abort',
      () => {
        reject(signal.reason);
        req.destroy();
      },
      { once: true },
    );
    // `on`, not `once`: a destroyed request can emit a second error, and an unhandled one ends the daemon.
    req.on('error', reject);
    req.once('response', (res) => {
      const status = res.statusCode ?? 0;
      const needle = check.expect.bodyContains;
      if (!statusAccepted(status, check.expect.status)) {
        res.destroy();
        resolve({ ok: false, status, errorType: 'http', error: `unexpected HTTP status ${status}` });
      } else if (needle === undefined) {
        res.destroy(); // the status is all we need; don't download the page
        resolve({ ok: true, status });
      } else {
        searchBody(res, needle).then((found) => {
          resolve(
            found
              ? { ok: true, status }
              : { ok: false, status, errorType: 'body', error: `body does not contain ${JSON.stringify(needle)}` },
          );
        }, reject);
      }
    });
    req.end();
  });
}

/** Reads the body until `needle` appears, it ends, or MAX_BODY_BYTES were read. */
function searchBody(res: IncomingMessage, needle: string): Promise<boolean> {
  const target = Buffer.from(needle, 'utf8');
  // Bytes at the end of what was read that could begin a match split across two chunks.
  const keep = Math.max(0, target.length - 1);
  let carry: Buffer = Buffer.alloc(0);
  let read = 0;
  return new Promise((resolve, reject) => {
    const finish = (found: boolean) => {
      res.destroy();
      resolve(found);
    };
    res.on('data', (chunk: Buffer) => {
      read += chunk.length;
      const window = carry.length ? Buffer.concat([carry, chunk]) : chunk;
      if (window.includes(target)) return finish(true);
      if (read >= MAX_BODY_BYTES) return finish(false);
      carry = keep ? window.subarray(Math.max(0, window.length - keep)) : Buffer.alloc(0);
    });
    res.once('end', () => resolve(target.length === 0));
    res.on('error', reject);
    // A server that drops the connection mid-body; after `end` or `finish` this is a no-op.
    res.once('close', () => reject(new Error('connection closed before the body ended')));
  });
}
