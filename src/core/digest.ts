import type { Severity } from './alert.js';

/** One alert as the digest shows it in detail. */
export interface DigestAlert {
  id: string;
  receivedAt: Date;
  source: string;
  title: string;
  body: string;
  labels: Record<string, string>;
  status: 'firing' | 'resolved';
  severity: Severity;
  /** A link back to the sender (Sentry issue, Grafana panel, Datadog monitor…), when the payload has one. */
  link: string | null;
}

/** A "fires often" mark on an alert type, with a command the person can paste. */
export interface DigestPattern {
  /** Nights (of the last `outOf`) on which this type fired, and how often tonight. */
  nights: number;
  outOf: number;
  tonight: number;
  /** Why it is marked, e.g. "fired on 6 of the last 7 nights". */
  reason: string;
  /** A command to paste: a triage rule, a silence or a feedback correction. */
  suggestion: string;
}

/**
 * How a wake ladder went for the person: `woke` (a channel carried it), `no-channel` (no wake channel
 * was configured when it fired: the ladder was stored with no step, nobody was called), `not-reached`
 * (every step was tried and failed, and nobody acknowledged).
 */
export type WakeOutcome = 'woke' | 'no-channel' | 'not-reached';

/** One alert type (one alert group) within a service. */
export interface DigestGroup {
  /**
   * The watch alert group (`soloops digest show 12`, `soloops ack 12`); null for a type made only of
   * alerts stored by `soloops triage`, which the digest groups itself by the same rules.
   */
  groupId: number | null;
  /** What to paste into `soloops digest show`: "#12", or the newest alert's id prefix without a group. */
  ref: string;
  /** Every alert of the group, in and before the window (a still-firing group from an earlier night). */
  totalCount: number;
  title: string;
  severity: Severity;
  count: number;
  firstSeen: Date;
  lastSeen: Date;
  /** Resolved at, or null while still firing. */
  resolvedAt: Date | null;
  /** How long it lasted (first alert → resolved), when resolved. */
  durationMinutes: number | null;
  /** One or two sentences: what, where, how often, peak values, when it resolved. */
  summary: string;
  /** `rules` (deterministic) or `llm` (Claude wrote it). */
  summaryBy: 'rules' | 'llm';
  pattern: DigestPattern | null;
  /** The ladder, when this group woke the person. */
  woke: {
    at: Date;
    calls: number;
    sms: number;
    ackedAt: Date | null;
    ackedVia: string | null;
    outcome: WakeOutcome;
  } | null;
  alerts: DigestAlert[];
}

/** A service and its alert types, the noisiest first. */
export interface DigestService {
  service: string;
  count: number;
  groups: DigestGroup[];
}

/** A health check over the window. */
export interface DigestCheck {
  check: string;
  probes: number;
  uptimePct: number;
  downMinutes: number;
  /** The slowest responses, slowest first. */
  slowest: Array<{ at: Date; ms: number }>;
}

/** The morning digest: the night in one screen. */
export interface Digest {
  /** The stored digest's id, once stored. */
  id: number | null;
  /** `end`: a night's scheduled end when the window is cut at `to` because the night is still going. */
  window: { from: Date; to: Date; timezone: string; label: string; end?: Date };
  generatedAt: Date;
  /**
   * `woke` counts the types whose ladder reached the person; `wouldHaveWoken` those that found no
   * channel configured, `wakeFailed` those whose every step failed; `waited` the alerts of the rest.
   */
  totals: { alerts: number; groups: number; woke: number; wouldHaveWoken: number; wakeFailed: number; waited: number };
  /** Month-to-date calls, texts and what they cost. */
  spend: { calls: number; sms: number; costUsd: number };
  /** Groups still open now, by severity (critical first). */
  stillFiring: DigestGroup[];
  services: DigestService[];
  checks: DigestCheck[];
  /** What went wrong on soloops's side: earlier sends that failed, a truncated window, quarantined alerts. */
  deliveryProblems: string[];
}
