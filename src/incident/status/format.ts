import type { IncidentStatus } from '../../core/incident.js';
import type { OverallState, ServiceState } from '../service-state.js';

/** Escapes text for HTML content and quoted attributes: every string from config and incidents goes through it. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The banner's words, as status pages customers know say them. */
export const OVERALL_TEXT: Record<OverallState, string> = {
  operational: 'All Systems Operational',
  degraded: 'Degraded Performance',
  partial_outage: 'Partial Outage',
  major_outage: 'Major Outage',
};

export const SERVICE_TEXT: Record<ServiceState, string> = {
  operational: 'Operational',
  degraded: 'Degraded',
  outage: 'Outage',
};

export const INCIDENT_STATUS_TEXT: Record<IncidentStatus, string> = {
  investigating: 'Investigating',
  identified: 'Identified',
  monitoring: 'Monitoring',
  resolved: 'Resolved',
};

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * `2026-12-03` → `3 Dec 2026`. By hand on purpose: 4,500 bars for 50 services, and the day is
 * already a UTC calendar date, so there is no zone to convert.
 */
export function dayText(day: string): string {
  return `${Number(day.slice(8, 10))} ${MONTHS[Number(day.slice(5, 7)) - 1]} ${day.slice(0, 4)}`;
}

/** An ISO instant → `3 Dec 2026, 14:05 UTC` (the page is public: one zone every reader can convert from). */
export function instantText(iso: string): string {
  return `${dayText(iso.slice(0, 10))}, ${iso.slice(11, 16)} UTC`;
}

/**
 * 99.957 → `99.95%`: truncated, so a day with one failure never reads 100% (the 1e-6 undoes float error:
 * 99.29 × 100 is 9928.999…).
 */
export function uptimeText(uptime: number): string {
  return uptime >= 100 ? '100%' : `${(Math.floor(uptime * 100 + 1e-6) / 100).toFixed(2)}%`;
}
