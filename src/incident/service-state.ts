import type { Incident } from '../core/incident.js';
import type { ServiceConfig } from '../core/incident-config.js';

/** What customers are told about one service. */
export type ServiceState = 'operational' | 'degraded' | 'outage';

/** The overall banner of the status page. */
export type OverallState = 'operational' | 'degraded' | 'partial_outage' | 'major_outage';

/** One check as the service state sees it: its up/down state and its last response time. */
export interface CheckStatus {
  check: string;
  state: 'up' | 'down' | 'unknown';
  /** The last probe's time, ms (absent before the first probe). */
  lastMs?: number;
  /** The check's own slow threshold (its slowMs), if it has one. */
  slowMs?: number;
}

/** STUB (filled by the services work): the state of one service from its checks and open incidents. */
export function serviceState(
  _service: ServiceConfig,
  _checks: readonly CheckStatus[],
  _openIncidents: readonly Incident[],
): ServiceState {
  return 'operational';
}

/** STUB: the banner from every service's state. */
export function overallState(_states: readonly ServiceState[]): OverallState {
  return 'operational';
}
