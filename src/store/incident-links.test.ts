import { describe, expect, it } from 'vitest';
import type { FailingSource, NewIncident } from '../core/incident.js';
import { useStoreBackends } from '../../test/helpers/store-backends.js';
import type { Store } from './index.js';

// What automatic incidents came from (migration 010), on both backends.

const { backends, open } = await useStoreBackends('incident-links');

const at = (minute: number) => new Date(Date.UTC(2026, 10, 3, 2, minute));
const WATCH = 'soloops watch';
const NOTES = { opened: 'Opened: api is down.', joined: 'Also failing.', again: 'Failing again.' };

function opening(title: string, services: string[]): NewIncident {
  return {
    title,
    description: '',
    severity: 'critical',
    priority: 'P1',
    priorityAuto: true,
    services,
    reporter: WATCH,
    detection: '3 checks in a row failed (connection refused)',
  };
}
const check = (ref: string, services = [ref]): FailingSource => ({
  kind: 'check',
  ref,
  services,
  title: `${ref} is down`,
  once: false,
});
const group = (ref: string, services: string[]): FailingSource => ({
  kind: 'group',
  ref,
  services,
  title: 'api: 5xx',
  once: true,
});
const fail = (store: Store, source: FailingSource, minute: number) =>
  store.incidents.autoFailing(source, opening(source.title, source.services), NOTES, at(minute), WATCH);

describe.each(backends)('automatic incidents on $name', (backend) => {
  const test = it.skipIf(backend.skip !== undefined);
  const fresh = async (): Promise<Store> => open(await backend.fresh());

  test('a storm is one incident: later sources join it with their service and a note', async () => {
    const store = await fresh();
    const first = await fail(store, check('api'), 0);
    expect(first).toMatchObject({ opened: true, changed: true, incident: { id: 'inc-2026-001', services: ['api'] } });
    expect(await fail(store, check('api'), 1)).toMatchObject({ opened: false, changed: false });
    expect(await fail(store, group('7', ['api']), 1)).toMatchObject({ opened: false, changed: true });
    expect(await fail(store, check('db', ['database']), 2)).toMatchObject({
      incident: { id: 'inc-2026-001', services: ['api', 'database'] },
    });
    const active = await store.incidents.autoActive(at(59));
    expect(active?.links.map((l) => [l.kind, l.ref, l.service, l.healthyAt])).toEqual([
      ['check', 'api', 'api', null],
      ['group', '7', 'api', null],
      ['check', 'db', 'database', null],
    ]);
    expect((await store.incidents.updates('inc-2026-001')).map((u) => u.note)).toEqual([
      NOTES.opened,
      NOTES.joined,
      NOTES.joined,
    ]);
    expect(await store.incidents.autoIncidentOf('group', '7')).toBe('inc-2026-001');
    expect(await store.incidents.autoIncidentOf('group', '8')).toBeNull();
  });

  test('moves only forward, keeps its health clock, and stops when resolved', async () => {
    const store = await fresh();
    const { incident } = await fail(store, check('api'), 0);
    const id = incident!.id;
    await store.incidents.autoLink(id, 'check', 'api', { healthyAt: at(5) });
    const monitoring = await store.incidents.autoAdvance(
      id,
      { status: 'monitoring', note: 'recovered', healthySince: at(5) },
      at(5),
      WATCH,
    );
    expect(monitoring?.status).toBe('monitoring');
    // Backwards is refused silently; the note is still written.
    expect((await store.incidents.autoAdvance(id, { status: 'identified', note: 'acked' }, at(6), WATCH))?.status).toBe(
      'monitoring',
    );
    // Failing again: the link fails, the health clock stops, the status stays.
    expect(await fail(store, check('api'), 7)).toMatchObject({ changed: true, opened: false });
    const again = await store.incidents.autoActive(at(59));
    expect(again).toMatchObject({ healthySince: null, incident: { status: 'monitoring' } });
    expect(again?.links[0]?.healthyAt).toBeNull();
    const resolved = await store.incidents.autoAdvance(id, { status: 'resolved', note: 'healthy' }, at(30), WATCH);
    expect(resolved).toMatchObject({ status: 'resolved', resolvedAt: at(30) });
    expect(await store.incidents.autoActive(at(59))).toBeNull();
    expect((await store.incidents.updates(id)).map((u) => [u.status, u.note])).toEqual([
      ['investigating', NOTES.opened],
      ['monitoring', 'recovered'],
      ['monitoring', 'acked'],
      ['monitoring', NOTES.again],
      ['resolved', 'healthy'],
    ]);
    // The next failure opens a new incident; a group already linked once never does anything again.
    expect(await fail(store, check('api'), 40)).toMatchObject({ opened: true, incident: { id: 'inc-2026-002' } });
  });

  test('an incident the person resolved is no longer automated; a group links once, ever', async () => {
    const store = await fresh();
    const { incident } = await fail(store, group('3', ['api']), 0);
    await store.incidents.updateStatus(
      incident!.id,
      { status: 'resolved', note: 'fixed it', author: 'ana' },
      at(2),
      () => {},
    );
    expect(await store.incidents.autoAdvance(incident!.id, { status: 'resolved', note: 'x' }, at(3), WATCH)).toBe(null);
    expect(await store.incidents.autoActive(at(59))).toBeNull();
    expect(await fail(store, group('3', ['api']), 4)).toMatchObject({ incident: null, changed: false });
    const next = await fail(store, check('api'), 5);
    expect(next).toMatchObject({ opened: true, incident: { id: 'inc-2026-002' } });
    expect((await store.incidents.get(incident!.id))?.status).toBe('resolved');
    // Deleting the incident deletes what it came from.
    expect(await store.incidents.delete(next.incident!.id)).toBe(true);
    expect(await store.incidents.autoActive(at(59))).toBeNull();
    expect(await store.incidents.autoIncidentOf('check', 'api')).toBeNull();
  });

  test('two writers at once open one incident', async () => {
    const store = await fresh();
    const results = await Promise.all([fail(store, check('api'), 0), fail(store, check('web'), 0)]);
    expect(results.filter((r) => r.opened)).toHaveLength(1);
    expect((await store.incidents.list()).map((i) => i.services)).toEqual([['api', 'web']]);
  });
});
