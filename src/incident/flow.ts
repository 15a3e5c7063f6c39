import { UserError } from '../core/errors.js';
import {
  INCIDENT_PRIORITIES,
  INCIDENT_SEVERITIES,
  INCIDENT_STATUSES,
  type IncidentPriority,
  type IncidentSeverity,
  type IncidentStatus,
} from '../core/incident.js';

/**
 * The whole status flow, one row per status: where an incident may go from it. Forward moves
 * may skip steps (a fix can be known and shipped at once); the only way back is re-opening a
 * resolved incident, which starts the investigation again.
 */
export const TRANSITIONS: Readonly<Record<IncidentStatus, readonly IncidentStatus[]>> = {
  investigating: ['identified', 'monitoring', 'resolved'],
  identified: ['monitoring', 'resolved'],
  monitoring: ['resolved'],
  resolved: ['investigating'],
};

/** Throws a UserError naming the allowed next statuses unless `from → to` is in the table. */
export function checkTransition(from: IncidentStatus, to: IncidentStatus): void {
  if (TRANSITIONS[from].includes(to)) return;
  throw new UserError(
    `an incident that is ${from} cannot become ${to}`,
    `from ${from} it can become: ${TRANSITIONS[from].join(', ')}`,
  );
}

/** The status a person typed, checked against the flow's statuses. */
export function parseStatus(value: string): IncidentStatus {
  return oneOf(value.trim().toLowerCase(), INCIDENT_STATUSES, 'status');
}

/** The severity a person typed. */
export function parseSeverity(value: string): IncidentSeverity {
  return oneOf(value.trim().toLowerCase(), INCIDENT_SEVERITIES, 'severity');
}

/** The priority a person typed (`p1` is P1). */
export function parsePriority(value: string): IncidentPriority {
  return oneOf(value.trim().toUpperCase(), INCIDENT_PRIORITIES, 'priority');
}

/** Every status change carries a note: the note and the status form the timeline. */
export function requireNote(note: string | undefined): string {
  const text = note?.trim() ?? '';
  if (!text) throw new UserError('a status change needs a note', 'pass --note "what changed and why"');
  return text;
}

/** Services affected from which an incident counts as widespread (P1 whatever its severity). */
export const WIDESPREAD_SERVICES = 3;

/**
 * The priority when the person gives none: critical severity, or WIDESPREAD_SERVICES or more
 * services affected → P1; high → P2; otherwise P3.
 */
export function classifyPriority(severity: IncidentSeverity, services: readonly string[]): IncidentPriority {
  if (severity === 'critical' || services.length >= WIDESPREAD_SERVICES) return 'P1';
  if (severity === 'high') return 'P2';
  return 'P3';
}

/** Resolution time in milliseconds (resolved − created); null while the incident is open. */
export function resolutionMs(incident: { createdAt: Date; resolvedAt: Date | null }): number | null {
  return incident.resolvedAt ? incident.resolvedAt.getTime() - incident.createdAt.getTime() : null;
}

/** "3h 58m", "12m", "45s": a resolution time for people. */
export function formatDuration(ms: number): string {
  const totalSeconds = Math.round(ms / 1000);
  if (totalSeconds < 60) return `${totalSeconds}s`;
  const minutes = Math.floor(totalSeconds / 60);
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const parts = [days ? `${days}d` : '', hours ? `${hours}h` : '', minutes % 60 ? `${minutes % 60}m` : ''];
  return parts.filter(Boolean).join(' ') || '0m';
}

function oneOf<T extends string>(value: string, allowed: readonly T[], what: string): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new UserError(`unknown ${what} ${JSON.stringify(value)}`, `use one of: ${allowed.join(', ')}`);
}
