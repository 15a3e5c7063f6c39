import { describe, expect, it } from 'vitest';
import {
  changedFields,
  conflictsOf,
  editBodyOf,
  emptyFields,
  fieldsFromDraft,
  fieldsOf,
  type IncidentFields,
  type IncidentJson,
  mergeFields,
  openBodyOf,
} from './fields.js';

const base: IncidentFields = {
  title: 'Checkout errors',
  description: 'Payments fail',
  severity: 'high',
  priority: 'auto',
  services: ['api', 'web'],
  reporter: 'rita',
  detection: 'checkout API returns 503',
};

describe('incident form fields', () => {
  it('reads an incident: an auto priority stays auto, unknown words fall back', () => {
    const incident = {
      ...base,
      id: 'inc-2026-001',
      priority: 'P2',
      priorityAuto: true,
      severity: 'weird',
      status: 'investigating',
      createdAt: '2026-12-05T04:00:00.000Z',
      resolvedAt: null,
      resolutionMs: null,
      resolution: null,
      updates: [],
      version: 3,
    } satisfies IncidentJson;
    expect(fieldsOf(incident)).toMatchObject({ priority: 'auto', severity: 'medium', services: ['api', 'web'] });
    expect(fieldsOf({ ...incident, priorityAuto: false }).priority).toBe('P2');
  });

  it('leaves an automatic priority and an empty reporter out of a new incident', () => {
    const body = openBodyOf({ ...emptyFields(), title: '  Outage  ' });
    expect(body).toEqual({ title: 'Outage', description: '', severity: 'medium', services: [], detection: '' });
    expect(openBodyOf({ ...base, priority: 'P1' })).toMatchObject({ priority: 'P1', reporter: 'rita' });
  });

  it('sends only the changed fields with the version, and nothing when nothing changed', () => {
    expect(editBodyOf(base, base, 4)).toBeNull();
    // Services are a set: another order is no change.
    expect(editBodyOf({ ...base, services: ['web', 'api'] }, base, 4)).toBeNull();
    expect(editBodyOf({ ...base, title: 'Renamed ', severity: 'critical' }, base, 4)).toEqual({
      title: 'Renamed',
      severity: 'critical',
      version: 4,
    });
  });

  it('restores a draft over the base, ignoring what is not a field', () => {
    const restored = fieldsFromDraft({ title: 'Half-written', services: ['db', 7], priority: 'P9', base: {} }, base);
    expect(restored).toEqual({ ...base, title: 'Half-written', services: ['db'] });
  });

  it('lists every differing field for the merge, picking the person’s own edits, and merges the picks', () => {
    const mine = { ...base, title: 'Mine', description: 'My words' };
    const theirs = { ...base, title: 'Theirs', severity: 'critical' as const };
    const conflicts = conflictsOf(mine, theirs, base);
    expect(conflicts.map((c) => [c.name, c.pick])).toEqual([
      ['title', 'mine'],
      ['description', 'mine'],
      ['severity', 'theirs'],
    ]);
    const merged = mergeFields(theirs, conflicts);
    expect(merged).toEqual({ ...base, title: 'Mine', description: 'My words', severity: 'critical' });
    // The merged save sends the person's picks over the stored version only.
    expect(editBodyOf(merged, theirs, 6)).toEqual({ title: 'Mine', description: 'My words', version: 6 });
    const takeTheirs = mergeFields(
      theirs,
      conflicts.map((c) => ({ ...c, pick: 'theirs' as const })),
    );
    expect(changedFields(takeTheirs, theirs)).toEqual([]);
  });
});
