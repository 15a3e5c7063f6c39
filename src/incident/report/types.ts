import type { IncidentView } from '../../core/incident.js';

/** The SLA report's JSON shape (`soloops incident report --format json`, `/api/sla/*`). */

/** A count and its share of the whole, in percent (null when the whole is zero). */
export interface Share {
  count: number;
  pct: number | null;
}

export interface Availability {
  /** The service's checks (config `services[].checks`). */
  checks: string[];
  totalChecks: number;
  successful: number;
  failed: number;
  /** successful / total × 100, null without probes. */
  uptimePct: number | null;
  uptimeConvention: string;
  /** (observed time − downtime) / observed time × 100, null without probes. */
  timeUptimePct: number | null;
  timeUptimeConvention: string;
  /** When probes were observed: from the first probe in the period (or its start) to its end. */
  observedMs: number;
  downtimeMs: number;
  /** "3h 58m". */
  downtime: string;
  downtimeMinutes: number;
  /** Down spells (any of the service's checks down), ISO times. */
  downSpells: { from: string; to: string; minutes: number }[];
  /** Failed probes by error type: timeout, connection, dns, tls, http, body. */
  errorTypes: Record<string, number>;
}

export interface ResponseTimes {
  /** Successful probes measured. */
  samples: number;
  averageMs: number | null;
  p50Ms: number | null;
  p95Ms: number | null;
  p99Ms: number | null;
  percentileConvention: string;
  baselineMs: number | null;
  /** `configured` (services[].baseline_ms), `previous-30-days` (their median), `period` (no earlier data). */
  baselineSource: 'configured' | 'previous-30-days' | 'period' | 'none';
  baselineConvention: string;
  /** Successful probes at or over 300 % / 500 % of the baseline, of all successful probes. */
  atLeast300Pct: Share | null;
  atLeast500Pct: Share | null;
  limitMs: number;
  /** Probes over the limit: successful ones slower than it, and timeouts, of all probes. */
  overLimit: Share;
}

export interface UsageDayRow {
  day: string;
  total: number;
  successful: number;
  errors: number;
  errorRatePct: number | null;
}

export interface Usage {
  total: number;
  successful: number;
  errors: number;
  errorRatePct: number | null;
  /** UTC days with requests. */
  days: UsageDayRow[];
}

/** One incident in the report's list: the fields of the `--json` view the report shows. */
export type IncidentRow = Pick<
  IncidentView,
  | 'id'
  | 'priority'
  | 'title'
  | 'status'
  | 'reporter'
  | 'detection'
  | 'createdAt'
  | 'resolvedAt'
  | 'resolutionMs'
  | 'resolution'
>;

export interface IncidentStats {
  total: number;
  byPriority: { P1: number; P2: number; P3: number };
  /** Over the resolved ones. */
  averageResolutionMs: number | null;
  averageResolution: string | null;
  list: IncidentRow[];
}

export interface ServiceReport {
  id: string;
  name: string;
  availability: Availability;
  responseTimes: ResponseTimes;
  /** null: no usage data for the period (the section says so). */
  usage: Usage | null;
  incidents: IncidentStats;
}

export interface SlaReport {
  /** ISO instants; the period is [from, to). */
  from: string;
  to: string;
  /** The zone the period's bounds were taken in. */
  timeZone: string;
  /** e.g. "2026-11" or "2026-11-03 – 2026-11-09". */
  label: string;
  generatedAt: string;
  services: ServiceReport[];
}
