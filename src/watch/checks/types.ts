import type { Severity } from '../../core/alert.js';

/**
 * One health check as the daemon receives it: already validated by the config schema, defaults
 * filled in, durations in milliseconds.
 */
export interface CheckConfig {
  name: string;
  /** `http://…`, `https://…` or `tcp://host:port`. */
  url: string;
  /** HTTP method; `GET` by default. Ignored for `tcp://`. */
  method: string;
  /** Time between probes (default 60000). */
  interval: number;
  /**
   * Time from a failed probe to the next one, until one succeeds (config default 5000; the
   * scheduler's too when absent). Capped at `interval`.
   */
  retryInterval?: number;
  /** How long a whole probe may take, DNS to last body byte read (default 7000). */
  timeout: number;
  expect: {
    /** Accepted status codes; by default any 2xx or 3xx (redirects are not followed). */
    status?: number | number[];
    /** Text the body must contain; only the first ~1 MB is read. */
    bodyContains?: string;
  };
  /** The service a failing check raises its alert for. */
  service: string;
  severity?: Severity;
  /** Consecutive failures before the check counts as down (default 3). */
  failureThreshold: number;
  /** Consecutive successes before a down check counts as up again (default 2). */
  successThreshold: number;
  /** An ok probe slower than this raises a `slow` transition. */
  slowMs?: number;
  headers?: Record<string, string>;
}

/** Why a probe failed; `http` is an unexpected status, `body` a missing `bodyContains`. */
export type ProbeErrorType = 'timeout' | 'dns' | 'connection' | 'tls' | 'http' | 'body';

/** The outcome of one probe. */
export interface ProbeResult {
  ok: boolean;
  /** When the probe started, ISO 8601 UTC. */
  at: string;
  /** How long the probe took, whole milliseconds. */
  ms: number;
  /** The HTTP status, whenever a response arrived (also on `http` and `body` failures). */
  status?: number;
  errorType?: ProbeErrorType;
  /** A one-line human reason, e.g. `connect ECONNREFUSED 127.0.0.1:8080`. */
  error?: string;
}
