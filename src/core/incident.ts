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
  /** Counts up with every edit and status update; a console write based on an older one is refused (409). */
  version: number;
}

/** The fields of a new incident; the store allocates the id and opens it as `investigating`. */
export type NewIncident = Omit<Incident, 'id' | 'status' | 'createdAt' | 'resolvedAt' | 'version'>;

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

/** The incidents and incident_updates tables, and what automatic incidents came from. */
export interface IncidentStore extends AutoIncidentStore {
  /** Stores a new incident with its first timeline entry, allocating the year's next id; returns it. */
  create(input: NewIncident, now: Date, author: string): Promise<Incident>;
  /**
   * In one transaction: reads the current status, lets `check(from)` refuse the move (it throws),
   * sets the new status (resolved_at set on `resolved`, cleared otherwise) and appends the update.
   * Null when no incident has the id. `expectedVersion`: the version the caller saw; when the stored
   * one differs the write is refused (the store's IncidentVersionConflict). Without it the last write
   * wins (the CLI).
   */
  updateStatus(
    id: string,
    update: Omit<IncidentUpdate, 'createdAt'>,
    now: Date,
    check: (from: IncidentStatus) => void,
    expectedVersion?: number,
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
  /** Changes the given fields; the incident as now stored (null: no such id). `expectedVersion` as above. */
  edit(id: string, changes: IncidentEdit, expectedVersion?: number): Promise<Incident | null>;
  /** Deletes the incident and its timeline in one transaction; false when no such id. */
  delete(id: string): Promise<boolean>;
}

/** Where in the flow a status sits: a move to a later one is forward (re-opening is the only way back). */
export function isForwardMove(from: IncidentStatus, to: IncidentStatus): boolean {
  return from !== 'resolved' && INCIDENT_STATUSES.indexOf(to) > INCIDENT_STATUSES.indexOf(from);
}

/** What an automatic incident can come from: an alert group that woke the person, or a health check that went down. */
export type IncidentSourceKind = 'group' | 'check';

/** One source of an automatic incident (migration 010). */
export interface IncidentLink {
  kind: IncidentSourceKind;
  /** The group's number, or the check's name. */
  ref: string;
  /** The service it counted for. */
  service: string;
  /** What it said ("api is down"), for the timeline. */
  title: string;
  linkedAt: Date;
  /** When it became healthy again (check up, group resolved); null while failing. */
  healthyAt: Date | null;
  /** For a group: when its acknowledgement went into the timeline. */
  ackedAt: Date | null;
}

/** The open automatic incident (at most one) and what it came from. */
export interface AutoIncident {
  incident: Incident;
  links: IncidentLink[];
  /** When every source was healthy again; null while one fails. */
  healthySince: Date | null;
}

/** Something failing that opens an automatic incident, or joins the open one. */
export interface FailingSource {
  kind: IncidentSourceKind;
  ref: string;
  /** The services it belongs to; the first is the one its link counts for. */
  services: string[];
  title: string;
  /** A group links once, ever: routed again later (or after its incident closed), it does nothing. */
  once: boolean;
}

/** The timeline notes `autoFailing` may write. */
export interface FailingNotes {
  /** On a new incident. */
  opened: string;
  /** A new source joining the open incident. */
  joined: string;
  /** A source of the open incident failing again after it had recovered. */
  again: string;
}

/** What `autoFailing` did: the incident opened or joined (null: nothing to do), and whether it changed. */
export interface AutoFailingOutcome {
  incident: Incident | null;
  opened: boolean;
  changed: boolean;
}

/** How watch moves its automatic incident: a forward status (or none: a note only) and its bookkeeping. */
export interface AutoAdvance {
  /** Applied only when it is a forward move from the current status; the note is written either way. */
  status: IncidentStatus | null;
  /** Empty: no timeline entry. */
  note: string;
  /** Set (a date) or cleared (null) when given. */
  healthySince?: Date | null;
  /** Watch stops looking after it (it resolved, or the person did). */
  end?: boolean;
}

/** The automatic-incident half of the incident store (migration 010); every change is one transaction. */
export interface AutoIncidentStore {
  /**
   * Opens an incident for a failing source, or joins the open automatic incident: links the source,
   * adds its service, writes a note, and clears `healthySince`. Nothing when the source is already
   * failing in it (or, `once`, was ever linked).
   */
  autoFailing(
    source: FailingSource,
    open: NewIncident,
    notes: FailingNotes,
    now: Date,
    author: string,
  ): Promise<AutoFailingOutcome>;
  /** The open automatic incident, or null; one the person resolved stops being automated here (at `now`). */
  autoActive(now: Date): Promise<AutoIncident | null>;
  /**
   * The open automatic incident with only a page of the links still to watch: what a review needs,
   * at a cost that does not grow with the incident (`autoActive` loads every link, and an incident a
   * storm of 100,000 distinct groups joined made each 1 s review ~50 MB of garbage; issue 17).
   */
  autoPage(now: Date, page: { afterId: number; limit: number }): Promise<AutoIncidentPage | null>;
  /** Marks one source of an incident healthy (or failing: null) or its acknowledgement as taken. */
  autoLink(
    incidentId: string,
    kind: IncidentSourceKind,
    ref: string,
    change: { healthyAt?: Date | null; ackedAt?: Date },
  ): Promise<void>;
  /** Moves the automatic incident forward (never back) with a note; null when watch no longer looks after it. */
  autoAdvance(incidentId: string, advance: AutoAdvance, now: Date, author: string): Promise<Incident | null>;
  /** The incident a source was linked to most recently (the wake message names it); null when none. */
  autoIncidentOf(kind: IncidentSourceKind, ref: string): Promise<string | null>;
}

/** An incident as commands and the HTTP API report it (`--json`): times ISO-8601 UTC, resolution time computed. */
export interface IncidentView {
  id: string;
  title: string;
  description: string;
  severity: string;
  priority: string;
  /** The priority was classified (shown "P2 (auto)"), not given. */
  priorityAuto: boolean;
  status: string;
  services: string[];
  reporter: string;
  detection: string;
  createdAt: string;
  resolvedAt: string | null;
  /** resolved − created in milliseconds; null while open. */
  resolutionMs: number | null;
  /** The same for people ("3h 58m"); null while open. */
  resolution: string | null;
  /** Counts up with every change; a console write based on an older one is refused (409). */
  version: number;
}

/** One timeline entry as reported: a status and the note that came with it. */
export interface IncidentUpdateJson {
  status: string;
  note: string;
  author: string;
  /** ISO-8601 UTC. */
  at: string;
}

/** See AutoIncidentStore.autoPage. */
export interface AutoIncidentPage {
  incident: Incident;
  healthySince: Date | null;
  /** Links (any kind) not healthy yet. */
  failing: number;
  /** Every check link not healthy yet (a few: one per configured check). */
  checks: IncidentLink[];
  /** Group links not healthy or not acknowledged yet, with `id` above afterId, in id order, at most limit. */
  groups: Array<IncidentLink & { id: number }>;
}
