import { describe, expect, it } from 'vitest';
import type { IncidentStatus, NewIncident } from '../core/incident.js';
import { failure, useStoreBackends } from '../../test/helpers/store-backends.js';
import type { Store } from './index.js';
import { IncidentVersionConflict } from './incidents.js';

// The incidents and incident_updates tables (migration 008), on both backends.

const { backends, open } = await useStoreBackends('incidents-store');

const at = (time: string) => new Date(`2026-11-${time}Z`);

function incident(title: string, overrides: Partial<NewIncident> = {}): NewIncident {
  return {
    title,
    description: 'checkout returns 502',
    severity: 'high',
    priority: 'P2',
    priorityAuto: true,
    services: ['api'],
    reporter: 'ana',
    detection: '3 checks in a row failed',
    ...overrides,
  };
}

const allow = () => {};

describe.each(backends)('incidents on $name', (backend) => {
  const test = it.skipIf(backend.skip !== undefined);
  const fresh = async (): Promise<Store> => open(await backend.fresh());

  test('numbers incidents per year and opens each with a first timeline entry', async () => {
    const store = await fresh();
    const first = await store.incidents.create(incident('API down'), at('03T10:00:00.000'), 'ana');
    expect(first).toMatchObject({ id: 'inc-2026-001', status: 'investigating', resolvedAt: null, priorityAuto: true });
    expect((await store.incidents.create(incident('Web slow'), at('03T11:00:00.000'), 'ana')).id).toBe('inc-2026-002');
    const nextYear = await store.incidents.create(incident('DB full'), new Date('2027-01-01T00:00:00Z'), 'ana');
    expect(nextYear.id).toBe('inc-2027-001');
    expect(await store.incidents.get('inc-2026-001')).toEqual(first);
    expect(await store.incidents.updates(first.id)).toEqual([
      { status: 'investigating', note: 'Incident opened.', author: 'ana', createdAt: at('03T10:00:00.000') },
    ]);
  });

  test('gives concurrent creations distinct numbers and never reuses a deleted one', async () => {
    const store = await fresh();
    const made = await Promise.all(
      Array.from({ length: 6 }, (_, i) => store.incidents.create(incident(`n${i}`), at('03T10:00:00.000'), 'ana')),
    );
    expect(new Set(made.map((i) => i.id)).size).toBe(6);
    expect(await store.incidents.delete('inc-2026-006')).toBe(true);
    expect(await store.incidents.delete('inc-2026-006')).toBe(false);
    expect((await store.incidents.create(incident('later'), at('04T10:00:00.000'), 'ana')).id).toBe('inc-2026-007');
  });

  test('changes status with its note in one transaction, refused moves changing nothing', async () => {
    const store = await fresh();
    const { id } = await store.incidents.create(incident('API down'), at('03T10:00:00.000'), 'ana');
    const seen: IncidentStatus[] = [];
    const moved = await store.incidents.updateStatus(
      id,
      { status: 'identified', note: 'bad deploy', author: 'ana' },
      at('03T10:20:00.000'),
      (from) => seen.push(from),
    );
    expect(seen).toEqual(['investigating']);
    expect(moved?.status).toBe('identified');
    const refused = store.incidents.updateStatus(
      id,
      { status: 'monitoring', note: 'nope', author: 'ana' },
      at('03T10:30:00.000'),
      () => {
        throw new Error('refused');
      },
    );
    await expect(refused).rejects.toThrow('refused');
    const resolved = await store.incidents.updateStatus(
      id,
      { status: 'resolved', note: 'rolled back', author: 'bo' },
      at('03T13:58:00.000'),
      allow,
    );
    expect(resolved?.resolvedAt).toEqual(at('03T13:58:00.000'));
    expect((await store.incidents.get(id))?.resolvedAt).toEqual(at('03T13:58:00.000'));
    expect((await store.incidents.updates(id)).map((u) => `${u.status}: ${u.note} (${u.author})`)).toEqual([
      'investigating: Incident opened. (ana)',
      'identified: bad deploy (ana)',
      'resolved: rolled back (bo)',
    ]);
    const reopened = await store.incidents.updateStatus(
      id,
      { status: 'investigating', note: 'back again', author: 'ana' },
      at('04T09:00:00.000'),
      allow,
    );
    expect(reopened).toMatchObject({ status: 'investigating', resolvedAt: null });
    expect(
      await store.incidents.updateStatus(
        'inc-2026-999',
        { status: 'resolved', note: 'x', author: 'a' },
        at('04T09:00:00.000'),
        allow,
      ),
    ).toBeNull();
  });

  test('lists newest first, open only, since an instant and by service', async () => {
    const store = await fresh();
    const a = await store.incidents.create(incident('a', { services: ['api', 'web'] }), at('01T10:00:00.000'), 'x');
    const b = await store.incidents.create(incident('b', { services: ['db'] }), at('10T10:00:00.000'), 'x');
    const c = await store.incidents.create(incident('c', { services: ['web'] }), at('20T10:00:00.000'), 'x');
    await store.incidents.updateStatus(
      c.id,
      { status: 'resolved', note: 'ok', author: 'x' },
      at('20T11:00:00.000'),
      allow,
    );
    const ids = (list: { id: string }[]) => list.map((i) => i.id);
    expect(ids(await store.incidents.list())).toEqual([c.id, b.id, a.id]);
    expect(ids(await store.incidents.list({ open: true }))).toEqual([b.id, a.id]);
    expect(ids(await store.incidents.list({ since: at('10T10:00:00.000') }))).toEqual([c.id, b.id]);
    expect(ids(await store.incidents.list({ service: 'web' }))).toEqual([c.id, a.id]);
    expect(ids(await store.incidents.list({ service: 'we' }))).toEqual([]);
  });

  test('finds an incident by a unique prefix, refusing an ambiguous one', async () => {
    const store = await fresh();
    await store.incidents.create(incident('a'), at('01T10:00:00.000'), 'x');
    await store.incidents.create(incident('b'), at('01T11:00:00.000'), 'x');
    expect((await store.incidents.get('INC-2026-002'))?.title).toBe('b');
    await store.incidents.create(incident('c'), new Date('2027-02-01T00:00:00Z'), 'x');
    expect((await store.incidents.get('inc-2027'))?.title).toBe('c');
    expect(await store.incidents.get('inc-2028')).toBeNull();
    const error = await failure(store.incidents.get('inc-2026-0'));
    expect(error.message).toBe('the id prefix inc-2026-0 matches several incidents (inc-2026-001, inc-2026-002)');
  });

  test('edits the given fields only and deletes an incident with its timeline', async () => {
    const store = await fresh();
    const { id } = await store.incidents.create(incident('API down'), at('01T10:00:00.000'), 'x');
    const edited = await store.incidents.edit(id, { title: 'API 502s', services: ['api', 'pay'], priorityAuto: false });
    expect(edited).toMatchObject({
      title: 'API 502s',
      services: ['api', 'pay'],
      priorityAuto: false,
      severity: 'high',
    });
    expect(await store.incidents.edit('inc-2026-404', { title: 'x' })).toBeNull();
    expect(await store.incidents.delete(id)).toBe(true);
    expect(await store.incidents.get(id)).toBeNull();
    expect(await store.incidents.updates(id)).toEqual([]);
  });

  test('counts the version up on every edit and status update, refusing a write based on an older one', async () => {
    const store = await fresh();
    const { incidents } = store;
    const { id, version } = await incidents.create(incident('API down'), at('03T10:00:00.000'), 'ana');
    expect(version).toBe(1);
    expect((await incidents.edit(id, { title: 'API down (EU)' }, 1))?.version).toBe(2);
    const moved = await incidents.updateStatus(
      id,
      { status: 'identified', note: 'bad deploy', author: 'ana' },
      at('03T10:20:00.000'),
      allow,
      2,
    );
    expect(moved?.version).toBe(3);
    expect((await incidents.get(id))?.version).toBe(3);

    // Someone saw version 2: both writes are refused, nothing changes, and the error carries what is stored.
    const stale = await failure(incidents.edit(id, { title: 'mine' }, 2));
    expect(stale).toBeInstanceOf(IncidentVersionConflict);
    expect((stale as IncidentVersionConflict).current).toMatchObject({ id, title: 'API down (EU)', version: 3 });
    const staleMove = incidents.updateStatus(
      id,
      { status: 'resolved', note: 'nope', author: 'bo' },
      at('03T10:30:00.000'),
      allow,
      2,
    );
    await expect(staleMove).rejects.toBeInstanceOf(IncidentVersionConflict);
    expect(await incidents.get(id)).toMatchObject({ title: 'API down (EU)', status: 'identified', version: 3 });
    expect(await incidents.updates(id)).toHaveLength(2);

    // Without a version (the CLI), the last write wins and still counts up.
    expect((await incidents.edit(id, { title: 'theirs' }))?.version).toBe(4);
    const resolved = await incidents.updateStatus(
      id,
      { status: 'resolved', note: 'rolled back', author: 'bo' },
      at('03T11:00:00.000'),
      allow,
    );
    expect(resolved?.version).toBe(5);
    expect(await incidents.edit('inc-2099-001', { title: 'x' }, 1)).toBeNull();
  });

  test('lets one of two concurrent writes based on the same version through', async () => {
    const store = await fresh();
    const { incidents } = store;
    const { id } = await incidents.create(incident('API down'), at('03T10:00:00.000'), 'ana');
    const results = await Promise.allSettled([
      incidents.edit(id, { title: 'a' }, 1),
      incidents.edit(id, { title: 'b' }, 1),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const [refused] = results.filter((r) => r.status === 'rejected');
    expect((refused as PromiseRejectedResult).reason).toBeInstanceOf(IncidentVersionConflict);
    expect((await incidents.get(id))?.version).toBe(2);
  });
});
