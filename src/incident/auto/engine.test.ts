import { describe, expect, it } from 'vitest';
import type { Ladder } from '../../core/wake.js';
import type { AlertGroup } from '../../core/watch.js';
import type { ServiceConfig } from '../../core/incident-config.js';
import { useStoreBackends } from '../../../test/helpers/store-backends.js';
import type { Store } from '../../store/index.js';
import { type CheckStateOf, createAutoIncidents, MAX_GROUPS_PER_REVIEW } from './engine.js';

// Automatic incidents over a real store (both backends), with the groups, ladders, check states
// and clock in the test's hands.

const { backends, open } = await useStoreBackends('incident-auto');

const API: ServiceConfig = {
  id: 'api',
  name: 'API',
  description: '',
  checks: ['api-health'],
  alert_services: ['api-gateway'],
};
const CHECK = {
  name: 'api-health',
  url: 'http://127.0.0.1:9/health',
  service: 'api',
  timeout: 7000,
  failureThreshold: 3,
};
const REFUSED = {
  since: '2026-11-03T02:00:00.000Z',
  errorType: 'connection',
  error: 'connect ECONNREFUSED 127.0.0.1:9',
};

function world(store: Store, overrides: { auto?: boolean } = {}) {
  const clock = { now: new Date('2026-11-03T02:00:30Z') };
  const groups = new Map<number, AlertGroup>();
  const ladders = new Map<number, Ladder>();
  const states = new Map<string, 'up' | 'down'>([['api-health', 'down']]);
  const logs: string[] = [];
  const log = (_: object, message: string) => void logs.push(message);
  const reads = { groups: 0 };
  const engine = createAutoIncidents({
    store: store.incidents,
    groups: {
      getGroup: async (id) => {
        reads.groups++;
        return groups.get(id) ?? null;
      },
      ladderForGroup: async (id) => ladders.get(id) ?? null,
    },
    settings: () => ({ auto: overrides.auto ?? true, resolveAfterMs: 15 * 60_000, services: [API] }),
    now: () => clock.now,
    log: { info: log, error: log },
  });
  const checkState: CheckStateOf = (name) => ({ state: states.get(name) ?? 'unknown', configured: true });
  const later = (ms: number) => (clock.now = new Date(clock.now.getTime() + ms));
  const group = (id: number, service: string, title: string): AlertGroup => {
    const g: AlertGroup = {
      id,
      key: `k${id}`,
      service,
      title,
      severity: 'critical',
      state: 'open',
      firstSeen: clock.now,
      lastSeen: clock.now,
      alertCount: 1,
      lastAlertId: 'a',
      resolvedAt: null,
      routedAt: null,
      routedCount: 0,
      routedSeverity: null,
    };
    groups.set(id, g);
    return g;
  };
  const timeline = async (id: string) => (await store.incidents.updates(id)).map((u) => `${u.status}: ${u.note}`);
  return { engine, clock, groups, ladders, states, logs, reads, checkState, later, group, timeline };
}

describe.each(backends)('automatic incidents on $name', (backend) => {
  const test = it.skipIf(backend.skip !== undefined);
  const fresh = async (): Promise<Store> => open(await backend.fresh());

  test('check down → one incident per storm → acknowledged → monitoring → resolved after health', async () => {
    const store = await fresh();
    const w = world(store);
    const id = await w.engine.checkDown(CHECK, REFUSED);
    expect(id).toBe('inc-2026-001');
    const opened = await store.incidents.get(id!);
    expect(opened).toMatchObject({
      title: 'API is down',
      status: 'investigating',
      severity: 'critical',
      priority: 'P1',
      priorityAuto: true,
      services: ['api'],
      reporter: 'soloops watch',
      detection: '3 checks in a row failed (connection refused)',
    });
    // The wake for the check's group and a second service's wake join it: one incident.
    expect(await w.engine.wake(w.group(12, 'api', 'api-health is down'))).toBe(id);
    expect(await w.engine.wake(w.group(13, 'payments', 'checkout fails'))).toBe(id);
    expect(await w.engine.incidentOf(12)).toBe(id);
    expect((await store.incidents.get(id!))?.services).toEqual(['api', 'payments']);

    w.ladders.set(12, { state: 'acked', ackedVia: 'cli' } as Ladder);
    await w.engine.review(w.checkState);
    expect((await store.incidents.get(id!))?.status).toBe('identified');

    // The check is back and group 12 resolves; group 13 still fires: not yet.
    w.states.set('api-health', 'up');
    w.groups.get(12)!.state = 'resolved';
    await w.engine.review(w.checkState);
    expect((await store.incidents.get(id!))?.status).toBe('identified');
    w.groups.get(13)!.state = 'resolved';
    w.later(60_000);
    await w.engine.review(w.checkState);
    expect((await store.incidents.get(id!))?.status).toBe('monitoring');
    w.later(15 * 60_000 - 1);
    await w.engine.review(w.checkState);
    expect((await store.incidents.get(id!))?.status).toBe('monitoring');
    w.later(1);
    await w.engine.review(w.checkState);
    const resolved = await store.incidents.get(id!);
    expect(resolved).toMatchObject({ status: 'resolved', resolvedAt: w.clock.now });
    expect(await w.timeline(id!)).toEqual([
      'investigating: Opened by soloops watch: check api-health, 3 checks in a row failed (connection refused).',
      'investigating: Woke the person for alert group #12 (api: api-health is down).',
      'investigating: Woke the person for alert group #13 (payments: checkout fails).',
      'identified: Acknowledged with soloops ack: alert group #12 (api: api-health is down).',
      'monitoring: Recovered: check api-health, alert group #12, alert group #13 healthy again. ' +
        'soloops watch resolves it after 15m of health.',
      'resolved: Healthy for 15m: resolved by soloops watch.',
    ]);
    // Routed again later, group 12 opens nothing; a new outage opens a new incident.
    expect(await w.engine.wake(w.groups.get(12)!)).toBeNull();
    expect(await w.engine.checkDown(CHECK, { ...REFUSED, errorType: 'timeout' })).toBe('inc-2026-002');
    expect((await store.incidents.get('inc-2026-002'))?.detection).toBe('3 checks in a row slower than 7 s');
  });

  test('a storm of groups in one incident is reviewed a bounded slice at a time, every group in turn', async () => {
    const store = await fresh();
    const w = world(store);
    const count = MAX_GROUPS_PER_REVIEW * 3 + 5;
    const id = await w.engine.wake(w.group(1, 'api', 'alert 1'));
    for (let g = 2; g <= count; g++) await w.engine.wake(w.group(g, 'api', `alert ${g}`));
    expect((await store.incidents.autoActive(w.clock.now))?.links).toHaveLength(count);
    // Every review reads at most its slice, however many groups the incident holds.
    await w.engine.review(w.checkState);
    expect(w.reads.groups).toBe(MAX_GROUPS_PER_REVIEW);
    for (const group of w.groups.values()) group.state = 'resolved';
    w.ladders.set(count, { state: 'acked', ackedVia: 'cli' } as Ladder);
    let reviews = 0;
    while ((await store.incidents.get(id!))?.status !== 'monitoring' && reviews < 20) {
      const before = w.reads.groups;
      await w.engine.review(w.checkState);
      expect(w.reads.groups - before).toBeLessThanOrEqual(MAX_GROUPS_PER_REVIEW);
      reviews++;
    }
    // Each group was reached in turn: all healthy (monitoring), and the last one's acknowledgement noted.
    expect((await store.incidents.get(id!))?.status).toBe('monitoring');
    expect(reviews).toBeLessThanOrEqual(Math.ceil(count / MAX_GROUPS_PER_REVIEW) + 1);
    expect(
      (await w.timeline(id!)).some((line) => line.includes(`Acknowledged with soloops ack: alert group #${count}`)),
    ).toBe(true);
  });

  test('a review loads a page of the links still to watch, not every link, until all are healthy', async () => {
    const store = await fresh();
    const loads = { all: 0 };
    const autoActive = (now: Date) => {
      loads.all++;
      return store.incidents.autoActive(now);
    };
    const counted = { ...store.incidents, autoActive };
    const w = world({ ...store, incidents: counted } as Store);
    const count = MAX_GROUPS_PER_REVIEW * 2 + 1;
    const id = await w.engine.wake(w.group(1, 'api', 'alert 1'));
    for (let g = 2; g <= count; g++) await w.engine.wake(w.group(g, 'api', `alert ${g}`));
    for (let i = 0; i < 3; i++) await w.engine.review(w.checkState);
    expect(loads.all).toBe(0);
    // Recovered: the one review that sees every link healthy reads them all, for its note.
    for (const group of w.groups.values()) group.state = 'resolved';
    for (let i = 0; i < 3; i++) await w.engine.review(w.checkState);
    expect((await store.incidents.get(id!))?.status).toBe('monitoring');
    expect(loads.all).toBe(1);
  });

  test('never moves backwards, and leaves alone an incident the person resolved', async () => {
    const store = await fresh();
    const w = world(store);
    const id = (await w.engine.wake(w.group(3, 'api-gateway', 'p99 above 2 s')))!;
    expect((await store.incidents.get(id))?.services).toEqual(['api']);
    // The person says monitoring; a later acknowledgement does not pull it back to identified.
    await store.incidents.updateStatus(
      id,
      { status: 'monitoring', note: 'rolled back', author: 'ana' },
      w.clock.now,
      () => {},
    );
    w.ladders.set(3, { state: 'acked', ackedVia: 'sms' } as Ladder);
    await w.engine.review(w.checkState);
    expect((await store.incidents.get(id))?.status).toBe('monitoring');
    // Then resolves it while the group still fires: watch lets go, and the next failure is a new incident.
    await store.incidents.updateStatus(id, { status: 'resolved', note: 'done', author: 'ana' }, w.clock.now, () => {});
    await store.incidents.updateStatus(
      id,
      { status: 'investigating', note: 'hm', author: 'ana' },
      w.clock.now,
      () => {},
    );
    w.groups.get(3)!.state = 'resolved';
    w.later(60 * 60_000);
    await w.engine.review(w.checkState);
    await w.engine.review(w.checkState);
    expect((await store.incidents.get(id))?.status).toBe('investigating');
    expect(await w.engine.checkDown(CHECK, REFUSED)).not.toBe(id);
  });

  test('a restart (a new engine over the same store) carries on with the same incident', async () => {
    const store = await fresh();
    const before = world(store);
    const id = await before.engine.checkDown(CHECK, REFUSED);
    const after = world(store);
    // The same transition told again (a replayed alert) changes nothing; a wake joins.
    expect(await after.engine.checkDown(CHECK, REFUSED)).toBe(id);
    expect(await after.engine.wake(after.group(5, 'api', 'api-health is down'))).toBe(id);
    after.states.set('api-health', 'up');
    after.groups.get(5)!.state = 'resolved';
    await after.engine.review(after.checkState);
    expect((await store.incidents.get(id!))?.status).toBe('monitoring');
    expect((await after.timeline(id!)).length).toBe(3);
  });

  test('incident.auto false does nothing; a store failure is logged, never thrown', async () => {
    const store = await fresh();
    const off = world(store, { auto: false });
    expect(await off.engine.checkDown(CHECK, REFUSED)).toBeNull();
    expect(await off.engine.incidentOf(1)).toBeNull();
    expect(await store.incidents.list()).toEqual([]);
    const on = world(store);
    await store.close();
    expect(await on.engine.wake(on.group(1, 'api', 'down'))).toBeNull();
    expect(await on.engine.incidentOf(1)).toBeNull();
    expect(on.logs.join('\n')).toMatch(/could not write; waking goes on/);
  });
});
