import type { ColumnType, Generated } from 'kysely';

/** As schema.ts's Timestamp (not imported from there: schema.ts imports this file). */
type Timestamp = ColumnType<string | Date, string, string>;

/** `incident_auto_lock` (migration 010): the one row every automatic incident change writes first. */
export interface IncidentAutoLockTable {
  id: number;
  touched_at: Timestamp;
}

/** `incident_auto` (migration 010): an incident `soloops watch` opened, and how far it looked after it. */
export interface IncidentAutoTable {
  incident_id: string;
  opened_at: Timestamp;
  healthy_since: Timestamp | null;
  ended_at: Timestamp | null;
}

/** `incident_links` (migration 010): an alert group or health check an automatic incident came from. */
export interface IncidentLinksTable {
  id: Generated<number>;
  incident_id: string;
  kind: string;
  ref: string;
  service: string;
  title: string;
  linked_at: Timestamp;
  healthy_at: Timestamp | null;
  acked_at: Timestamp | null;
}

/** The tables of migration 010 (what automatic incidents came from). */
export interface IncidentLinkTables {
  incident_auto_lock: IncidentAutoLockTable;
  incident_auto: IncidentAutoTable;
  incident_links: IncidentLinksTable;
}
