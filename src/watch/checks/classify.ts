import type { ProbeErrorType } from './types.js';

// getaddrinfo's codes (ENOTFOUND, EAI_AGAIN, EAI_FAIL) plus the c-ares ones a custom lookup may raise.
const DNS_CODES = new Set([
  'ENOTFOUND',
  'EAI_AGAIN',
  'EAI_FAIL',
  'EAI_NODATA',
  'EAI_NONAME',
  'ENODATA',
  'ESERVFAIL',
  'EREFUSED',
]);

// OpenSSL's verify codes that carry no common prefix; the rest start with CERT_, ERR_TLS_ or ERR_SSL_.
const TLS_CODES = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_GET_CRL',
  'HOSTNAME_MISMATCH',
  'EPROTO', // Node reports TLS handshake alerts as "write EPROTO … SSL routines …"
]);

/** The error's code; with Happy Eyeballs (several addresses) Node wraps the attempts in an AggregateError. */
function codeOf(err: unknown): string {
  if (typeof err !== 'object' || err === null) return '';
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string') return code;
  const first = err instanceof AggregateError ? err.errors[0] : (err as { cause?: unknown }).cause;
  return first === undefined ? '' : codeOf(first);
}

/**
 * Sorts a network error into a probe error type. Anything unrecognised counts as `connection`:
 * the target is unreachable either way, and a failure must never be mistaken for success.
 */
export function classifyError(err: unknown): ProbeErrorType {
  const code = codeOf(err);
  if (DNS_CODES.has(code)) return 'dns';
  if (code === 'ETIMEDOUT') return 'timeout'; // the kernel gave up connecting before our deadline
  if (TLS_CODES.has(code) || /^(CERT_|ERR_TLS_|ERR_SSL_)/.test(code)) return 'tls';
  if (code.startsWith('HPE_')) return 'http'; // llhttp could not parse what the server sent
  return 'connection';
}

/** A one-line reason for humans and the store. */
export function describeError(err: unknown): string {
  if (err instanceof AggregateError && err.errors.length > 0) return describeError(err.errors[0]);
  if (err instanceof Error) return err.message || codeOf(err) || err.name;
  return String(err);
}

/** Whether `status` meets the check's expectation; by default any 2xx or 3xx is up. */
export function statusAccepted(status: number, expected: number | number[] | undefined): boolean {
  if (expected === undefined) return status >= 200 && status < 400;
  return Array.isArray(expected) ? expected.includes(status) : status === expected;
}
