import type { IncidentPriority, IncidentSeverity, IncidentStatus } from '../../core/incident.js';
import type { OverallState, ServiceState } from '../service-state.js';

/**
 * What the status page shows, as plain JSON (dates as ISO strings, days as UTC `YYYY-MM-DD`):
 * `status build` writes it to status.json and renders it; `watch` serves it at `/status`.
 */
export interface StatusModel {
  title: string;
  /** When the model was built (ISO 8601). */
  generatedAt: string;
  overall: OverallState;
  /** False until any check has a stored result: the page then says "Data is being prepared." */
  hasData: boolean;
  /** The uptime % thresholds that colour a day's bar (status.bars). */
  bars: BarThresholds;
  services: StatusService[];
  /** Incidents not resolved, newest first, with their timelines. */
  active: StatusIncident[];
  /** The last 14 UTC days, today first; a day without incidents has an empty list. */
  past: PastDay[];
}

/** status.bars: a day at or above `operational` % is green, at or above `degraded` % amber, else red. */
export interface BarThresholds {
  operational: number;
  degraded: number;
}

/** How a day's bar is coloured: by its uptime against the thresholds, `none` (grey) without data. */
export type DayLevel = 'operational' | 'degraded' | 'outage' | 'none';

/** One service as customers see it. */
export interface StatusService {
  id: string;
  name: string;
  description: string;
  state: ServiceState;
  /** Successful / total checks over the 90 days, in % (null without any check result). */
  uptime90: number | null;
  /** 90 UTC days, oldest first, ending today. */
  days: StatusDay[];
}

/** One bar. */
export interface StatusDay {
  /** UTC `YYYY-MM-DD`. */
  date: string;
  /** Successful / total checks that day, in % (null: no check ran). */
  uptime: number | null;
  level: DayLevel;
  /** Incidents of this service open at any moment of the day. */
  incidents: IncidentRef[];
}

/** An incident named on a bar. */
export interface IncidentRef {
  id: string;
  title: string;
}

/** An incident on the page, with its timeline. */
export interface StatusIncident {
  id: string;
  title: string;
  status: IncidentStatus;
  severity: IncidentSeverity;
  priority: IncidentPriority;
  /** Ids of the configured services it affects (names the person typed that match no service are dropped). */
  services: string[];
  createdAt: string;
  resolvedAt: string | null;
  /** Oldest first. */
  updates: StatusUpdate[];
}

/** One entry of an incident's timeline. */
export interface StatusUpdate {
  status: IncidentStatus;
  note: string;
  at: string;
}

/** One day of the past-incidents list: the incidents opened that UTC day, newest first. */
export interface PastDay {
  date: string;
  incidents: StatusIncident[];
}

/** Days of bars per service. */
export const BAR_DAYS = 90;
/** Days in the past-incidents list. */
export const PAST_DAYS = 14;
