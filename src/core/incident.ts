/** How bad an incident is for the people using the service. */
export const INCIDENT_SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
export type IncidentSeverity = (typeof INCIDENT_SEVERITIES)[number];

/** How soon it must be dealt with: P1 first. */
export const INCIDENT_PRIORITIES = ['P1', 'P2', 'P3'] as const;
export type IncidentPriority = (typeof INCIDENT_PRIORITIES)[number];

/** Where an incident is in its flow (src/incident/flow.ts holds the allowed moves). */
export const INCIDENT_STATUSES = ['investigating', 'identified', 'monitoring', 'resolved'] as const;
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];

/** One entry of an incident's timeline: a status and the note that came with it. */
export interface IncidentUpdate {
  status: IncidentStatus;
  note: string;
  author: string;
  createdAt: Date;
}

/** An incident as stored (migration 008). */
export interface Incident {
  /** `inc-2026-001`: the year it was opened and its number in that year. */
  id: string;
  title: string;
  description: string;
  severity: IncidentSeverity;
  priority: IncidentPriority;
  /** The priority was classified from severity and services, not given. */
  priorityAuto: boolean;
  status: IncidentStatus;
  /** Affected services, as the person names them. */
  services: string[];
  reporter: string;
  /** What detected it: a rule, an alert title, or the person's words. */
  detection: string;
  createdAt: Date;
  /** When it was last resolved; null while open. */
  resolvedAt: Date | null;
}

/** The fields of a new incident; the store allocates the id and opens it as `investigating`. */
export type NewIncident = Omit<Incident, 'id' | 'status' | 'createdAt' | 'resolvedAt'>;

/** Fields `incident edit` may change (status only moves through updateStatus, with a note). */
export type IncidentEdit = Partial<NewIncident>;

/** Which incidents `list` returns. */
export interface IncidentFilter {
  /** Only those not resolved. */
  open?: boolean;
  /** Only those opened at or after this instant. */
  since?: Date;
  /** Only those affecting this service. */
  service?: string;
}

/** The incidents and incident_updates tables. */
export interface IncidentStore {
  /** Stores a new incident with its first timeline entry, allocating the year's next id; returns it. */
  create(input: NewIncident, now: Date, author: string): Promise<Incident>;
  /**
   * In one transaction: reads the current status, lets `check(from)` refuse the move (it throws),
   * sets the new status (resolved_at set on `resolved`, cleared otherwise) and appends the update.
   * Null when no incident has the id.
   */
  updateStatus(
    id: string,
    update: Omit<IncidentUpdate, 'createdAt'>,
    now: Date,
    check: (from: IncidentStatus) => void,
  ): Promise<Incident | null>;
  /** Newest first. */
  list(filter?: IncidentFilter): Promise<Incident[]>;
  /**
   * The incident with this id, or the one whose id starts with it; null when none does. UserError
   * when several ids start with it.
   */
  get(idOrPrefix: string): Promise<Incident | null>;
  /** Its timeline, oldest first. */
  updates(id: string): Promise<IncidentUpdate[]>;
  /** Changes the given fields; returns the incident as now stored (null when no such id). */
  edit(id: string, changes: IncidentEdit): Promise<Incident | null>;
  /** Deletes the incident and its timeline in one transaction; false when no such id. */
  delete(id: string): Promise<boolean>;
}
