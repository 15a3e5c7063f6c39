/**
 * The incident form's fields as the page holds them, and the pure rules around them: what the
 * API answers (IncidentJson), what a create or edit sends, and which fields a stale save must
 * merge. No React here, so the rules are tested on their own (fields.test.ts).
 */
import {
  INCIDENT_PRIORITIES,
  INCIDENT_SEVERITIES,
  type IncidentPriority,
  type IncidentSeverity,
  type IncidentUpdateJson,
  type IncidentView,
} from '../../core/incident.js';

/** An incident as `GET /api/incidents/:id` answers it (the server's IncidentJson, with its version). */
export type IncidentJson = IncidentView & { updates: IncidentUpdateJson[]; version: number };

/** What the create and edit forms hold. `priority: 'auto'` lets the server classify it. */
export interface IncidentFields {
  title: string;
  description: string;
  severity: IncidentSeverity;
  priority: 'auto' | IncidentPriority;
  services: string[];
  reporter: string;
  detection: string;
}

export type FieldName = keyof IncidentFields;

/** The fields in form order, with the labels the browser tests find them by (console-contract.md). */
export const FIELD_LABELS: Record<FieldName, string> = {
  title: 'Title',
  description: 'Description',
  severity: 'Severity',
  priority: 'Priority',
  services: 'Services',
  reporter: 'Reporter',
  detection: 'Detection',
};
export const FIELD_NAMES = Object.keys(FIELD_LABELS) as FieldName[];

/** An empty create form: medium severity and an automatic priority, as `soloops incident open` defaults. */
export function emptyFields(reporter = ''): IncidentFields {
  return { title: '', description: '', severity: 'medium', priority: 'auto', services: [], reporter, detection: '' };
}

/** The edit form for an incident as loaded. */
export function fieldsOf(incident: IncidentJson): IncidentFields {
  return {
    title: incident.title,
    description: incident.description,
    severity: oneOf(incident.severity, INCIDENT_SEVERITIES, 'medium'),
    priority: incident.priorityAuto ? 'auto' : oneOf(incident.priority, INCIDENT_PRIORITIES, 'P3'),
    services: [...incident.services],
    reporter: incident.reporter,
    detection: incident.detection,
  };
}

/**
 * A draft's saved fields back into form fields, over `base` (a draft is JSON the server kept:
 * anything missing or of the wrong shape falls back to the base value).
 */
export function fieldsFromDraft(saved: Record<string, unknown>, base: IncidentFields): IncidentFields {
  const str = (key: FieldName) => (typeof saved[key] === 'string' ? (saved[key] as string) : (base[key] as string));
  const services = Array.isArray(saved.services)
    ? saved.services.filter((s): s is string => typeof s === 'string')
    : base.services;
  return {
    title: str('title'),
    description: str('description'),
    severity: oneOf(saved.severity, INCIDENT_SEVERITIES, base.severity),
    priority: saved.priority === 'auto' ? 'auto' : oneOf(saved.priority, INCIDENT_PRIORITIES, base.priority),
    services,
    reporter: str('reporter'),
    detection: str('detection'),
  };
}

function oneOf<T extends string, F>(value: unknown, allowed: readonly T[], fallback: F): T | F {
  return allowed.includes(value as T) ? (value as T) : fallback;
}

/** `POST /api/incidents`: empty optional text left out (the server fills reporter from who asks). */
export function openBodyOf(fields: IncidentFields): Record<string, unknown> {
  return {
    title: fields.title.trim(),
    description: fields.description.trim(),
    severity: fields.severity,
    ...(fields.priority !== 'auto' && { priority: fields.priority }),
    services: fields.services,
    ...(fields.reporter.trim() && { reporter: fields.reporter.trim() }),
    detection: fields.detection.trim(),
  };
}

/** Two field values are the same (services compare as sets: their order carries no meaning). */
export function sameValue(name: FieldName, a: IncidentFields[FieldName], b: IncidentFields[FieldName]): boolean {
  if (name === 'services') {
    const x = [...(a as string[])].sort();
    const y = [...(b as string[])].sort();
    return x.length === y.length && x.every((v, i) => v === y[i]);
  }
  return typeof a === 'string' && typeof b === 'string' ? a.trim() === b.trim() : a === b;
}

/** The fields where `mine` differs from `base`. */
export function changedFields(mine: IncidentFields, base: IncidentFields): FieldName[] {
  return FIELD_NAMES.filter((name) => !sameValue(name, mine[name], base[name]));
}

/**
 * `PUT /api/incidents/:id`: only the fields changed from what the edit started from, so a save
 * never writes back a value nobody touched; null when nothing changed. An empty reporter is left
 * out (the server refuses it).
 */
export function editBodyOf(
  mine: IncidentFields,
  base: IncidentFields,
  version: number,
): Record<string, unknown> | null {
  const body: Record<string, unknown> = {};
  for (const name of changedFields(mine, base)) {
    const value = mine[name];
    if (name === 'reporter' && !(value as string).trim()) continue;
    body[name] = typeof value === 'string' ? value.trim() : value;
  }
  return Object.keys(body).length === 0 ? null : { ...body, version };
}

/** Whose value a merged save keeps for one field. */
export type Choice = 'mine' | 'theirs';

/** One field a stale save has to settle: the person's value, the stored one, and the default pick. */
export interface Conflict {
  name: FieldName;
  mine: IncidentFields[FieldName];
  theirs: IncidentFields[FieldName];
  /** Mine when the person changed the field in this edit, else theirs (nobody's change is dropped unasked). */
  pick: Choice;
}

/** Every field where the stored incident (`theirs`) differs from the form (`mine`); `base` is where the edit began. */
export function conflictsOf(mine: IncidentFields, theirs: IncidentFields, base: IncidentFields): Conflict[] {
  return FIELD_NAMES.filter((name) => !sameValue(name, mine[name], theirs[name])).map((name) => ({
    name,
    mine: mine[name],
    theirs: theirs[name],
    pick: sameValue(name, mine[name], base[name]) ? 'theirs' : 'mine',
  }));
}

/** The merged fields: theirs, with the person's value wherever they picked theirs own. */
export function mergeFields(theirs: IncidentFields, conflicts: readonly Conflict[]): IncidentFields {
  const merged: IncidentFields = { ...theirs, services: [...theirs.services] };
  for (const conflict of conflicts) {
    if (conflict.pick === 'mine') (merged as unknown as Record<string, unknown>)[conflict.name] = conflict.mine;
  }
  return merged;
}

/** A field value for people: services joined, an empty value said so. */
export function showValue(value: IncidentFields[FieldName]): string {
  const text = Array.isArray(value) ? value.join(', ') : value === 'auto' ? 'Auto' : value;
  return text.trim() === '' ? '(empty)' : text;
}
