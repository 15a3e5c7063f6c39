import { expect } from 'vitest';
import type { NormalizedAlert } from '../../src/core/alert.js';
import type { Incident, IncidentUpdate } from '../../src/core/incident.js';
import type { StoredCorrection } from '../../src/store/types.js';
import { EARLY_STEPS, INBOX, type Ids, insert, NOW, select, type UpgradeStep } from './store-seeds.js';

/** Rows of migrations 006 on, as store-seeds.ts does for 001–005. */

const d = (iso: string) => new Date(iso);

// --- 006 dead letters --------------------------------------------------------------------------

const POISON: NormalizedAlert = {
  ...INBOX[0]!,
  id: 'e1e2e3e4-f5f6-4a7b-8c9d-0e1f2a3b4c5d',
  title: 'Disk /var full on web-2',
  service: 'web-2',
  receivedAt: '2026-12-04T01:00:00.000Z',
};

/** The inbox row that has already failed twice on its own. */
const RETRIED: NormalizedAlert = { ...INBOX[1]!, id: 'aa11bb22-cc33-4d44-8e55-ff6677889900' };

const deadLetters: UpgradeStep = {
  migration: '006_dead_letters',
  async seed(db) {
    await insert(db, 'inbox', {
      id: RETRIED.id,
      received_at: RETRIED.receivedAt,
      alert: JSON.stringify(RETRIED),
      attempts: 2,
    });
    await insert(db, 'dead_letters', {
      id: POISON.id,
      received_at: POISON.receivedAt,
      alert: JSON.stringify(POISON),
      error: 'insert into "alerts": value too long for type character varying(255)',
      attempts: 3,
      failed_at: '2026-12-04T01:00:09.000Z',
    });
    // Not even JSON: quarantined as it came.
    await insert(db, 'dead_letters', {
      id: '11111111-2222-4333-8444-555555555555',
      received_at: '2026-12-04T01:30:00.000Z',
      alert: '{"id": "11111111-2222-4333-8444-5555',
      error: 'the stored alert is not readable JSON',
      attempts: 1,
      failed_at: '2026-12-04T01:30:00.500Z',
    });
  },
  async verify(store) {
    expect(await store.watch.deadLetters()).toEqual({
      total: 2,
      items: [
        {
          id: '11111111-2222-4333-8444-555555555555',
          receivedAt: d('2026-12-04T01:30:00.000Z'),
          title: null,
          service: null,
          error: 'the stored alert is not readable JSON',
          attempts: 1,
          failedAt: d('2026-12-04T01:30:00.500Z'),
        },
        {
          id: POISON.id,
          receivedAt: d(POISON.receivedAt),
          title: POISON.title,
          service: POISON.service,
          error: 'insert into "alerts": value too long for type character varying(255)',
          attempts: 3,
          failedAt: d('2026-12-04T01:00:09.000Z'),
        },
      ],
    });
    const { alerts } = await store.watch.pending(10);
    expect(alerts.map((a) => a.id)).toEqual([...INBOX.map((a) => a.id), RETRIED.id]);
  },
  async defaults(db) {
    // Inbox rows from before 006 start with no failed attempts.
    const rows = await select(db, 'select attempts from inbox');
    expect(rows.map((r) => Number(r.attempts))).toEqual(rows.map(() => 0));
  },
  async writes(store) {
    // The third failure of the row that failed twice quarantines it: the count survived.
    expect(await store.watch.recordFailure(RETRIED.id, 'boom', { now: NOW, maxAttempts: 3 })).toBe(true);
    expect((await store.watch.deadLetters()).items[0]).toMatchObject({ id: RETRIED.id, attempts: 3 });
  },
};

// --- 007 corrections ---------------------------------------------------------------------------

function corrections(ids: Ids): StoredCorrection[] {
  const taught: NormalizedAlert = {
    id: 'teach-1',
    source: 'generic',
    service: 'search',
    title: 'Elasticsearch cluster yellow',
    body: 'status yellow: 3 unassigned shards',
    labels: { cluster: 'es-prod' },
    status: 'firing',
    severityHint: null,
    severityText: 'warn',
    fingerprint: 'e5e5e5e5e5e5e5e5',
    receivedAt: '2026-11-30T12:00:00.000Z',
    raw: null,
  };
  return [
    {
      id: ids.correction!,
      type: 'generic|search|elasticsearch cluster yellow',
      fingerprint: taught.fingerprint,
      severity: 'info',
      title: taught.title,
      alertId: null,
      createdAt: d('2026-12-01T10:00:00.000Z'),
      alert: taught,
    },
    {
      id: ids.correctionOfAlert!,
      type: 'fp:c0ffee00d15c0001',
      fingerprint: 'c0ffee00d15c0001',
      severity: 'critical',
      title: 'orders-db FreeStorageSpace < 2 GiB',
      alertId: '9b7e0d44-1c2f-4a3b-8d5e-6f7a8b9c0d1e',
      createdAt: d('2026-12-01T10:00:00.000Z'),
      alert: { ...taught, id: '9b7e0d44-1c2f-4a3b-8d5e-6f7a8b9c0d1e', fingerprint: 'c0ffee00d15c0001' },
    },
  ];
}

const correctionsStep: UpgradeStep = {
  migration: '007_corrections',
  async seed(db, ids) {
    for (const [i, c] of corrections({}).entries()) {
      const row = await insert(db, 'corrections', {
        type: c.type,
        fingerprint: c.fingerprint,
        severity: c.severity,
        title: c.title,
        source: c.alert.source,
        service: c.alert.service,
        alert: JSON.stringify(c.alert),
        alert_id: c.alertId,
        created_at: c.createdAt.toISOString(),
      });
      ids[i === 0 ? 'correction' : 'correctionOfAlert'] = Number(row.id);
    }
  },
  async verify(store, ids) {
    const all = corrections(ids);
    expect(await store.corrections.list()).toEqual(all);
    expect(await store.corrections.verdicts()).toEqual(all.map(({ alert: _, ...verdict }) => verdict));
  },
};

// --- 008 incidents -----------------------------------------------------------------------------

const INCIDENTS: Incident[] = [
  {
    id: 'inc-2026-001',
    title: 'Checkout errors after deploy',
    description: 'Payments API returned 5xx for 12 minutes after release 2026.11.3.',
    severity: 'high',
    priority: 'P1',
    priorityAuto: true,
    status: 'resolved',
    services: ['payments', 'checkout'],
    reporter: 'ana',
    detection: 'alert: PaymentsAPIHighErrorRate',
    createdAt: d('2026-11-22T02:20:00.418Z'),
    resolvedAt: d('2026-11-22T02:52:30.907Z'),
    version: 1,
  },
  {
    id: 'inc-2026-002',
    title: 'Payments API degraded',
    description: '',
    severity: 'critical',
    priority: 'P2',
    priorityAuto: false,
    status: 'identified',
    services: ['payments'],
    reporter: 'soloops watch',
    detection: 'critical group payments|PaymentsAPIHighErrorRate woke you',
    createdAt: d('2026-12-04T02:14:10.036Z'),
    resolvedAt: null,
    version: 1,
  },
];

const UPDATES: Record<string, IncidentUpdate[]> = {
  'inc-2026-001': [
    { status: 'investigating', note: 'Rolling back', author: 'ana', createdAt: d('2026-11-22T02:20:00.418Z') },
    {
      status: 'resolved',
      note: 'Rollback done; errors at 0 %',
      author: 'ana',
      createdAt: d('2026-11-22T02:52:30.907Z'),
    },
  ],
  'inc-2026-002': [
    {
      status: 'investigating',
      note: 'Opened by soloops watch: payments woke you',
      author: 'soloops watch',
      createdAt: d('2026-12-04T02:14:10.036Z'),
    },
    {
      status: 'identified',
      note: 'Acknowledged by sms reply',
      author: 'soloops watch',
      createdAt: d('2026-12-04T02:21:41.000Z'),
    },
  ],
};

const incidents: UpgradeStep = {
  migration: '008_incidents',
  async seed(db) {
    await insert(db, 'incident_sequences', { year: 2026, last: 2 });
    for (const i of INCIDENTS) {
      await insert(db, 'incidents', {
        id: i.id,
        title: i.title,
        description: i.description,
        severity: i.severity,
        priority: i.priority,
        priority_auto: i.priorityAuto ? 1 : 0,
        status: i.status,
        services: JSON.stringify(i.services),
        reporter: i.reporter,
        detection: i.detection,
        created_at: i.createdAt.toISOString(),
        resolved_at: i.resolvedAt?.toISOString() ?? null,
      });
      for (const u of UPDATES[i.id]!)
        await insert(db, 'incident_updates', {
          incident_id: i.id,
          status: u.status,
          note: u.note,
          author: u.author,
          created_at: u.createdAt.toISOString(),
        });
    }
  },
  async verify(store) {
    const [old, open] = INCIDENTS as [Incident, Incident];
    expect(await store.incidents.get(old.id)).toEqual(old);
    expect(await store.incidents.get(open.id)).toEqual(open);
    expect(await store.incidents.list()).toEqual([open, old]);
    expect(await store.incidents.list({ open: true, service: 'payments' })).toEqual([open]);
    for (const i of INCIDENTS) expect(await store.incidents.updates(i.id)).toEqual(UPDATES[i.id]);
  },
  async writes(store) {
    // The year's sequence goes on: numbers are never given twice.
    const next = await store.incidents.create(
      {
        title: 'Search slow',
        description: '',
        severity: 'low',
        priority: 'P3',
        priorityAuto: false,
        services: ['search'],
        reporter: 'ana',
        detection: 'person',
      },
      NOW,
      'ana',
    );
    expect(next.id).toBe('inc-2026-003');
  },
};

// --- 009 SLA -----------------------------------------------------------------------------------

const sla: UpgradeStep = {
  migration: '009_sla',
  async seed(db) {
    for (const [day, total, ok, errors, hist] of [
      [
        '2026-11-29',
        2880,
        2880,
        {},
        [
          [40, 2000],
          [41, 880],
        ],
      ],
      [
        '2026-11-30',
        2880,
        2870,
        { timeout: 8, http: 2 },
        [
          [41, 1500],
          [42, 1369],
          [1250, 1],
        ],
      ],
    ] as const)
      await insert(db, 'check_daily', {
        check_name: 'api-health',
        day,
        total,
        ok,
        errors: JSON.stringify(errors),
        hist: JSON.stringify(hist),
      });
    await insert(db, 'check_down_spells', {
      check_name: 'api-health',
      started_at: '2026-11-30T03:10:00.000Z',
      ended_at: '2026-11-30T03:15:30.000Z',
    });
    for (const [at, status, ms, hash] of [
      ['2026-11-30T10:00:00.000Z', 200, 12.5, 'sha1:5f1d2c'],
      ['2026-11-30T10:00:01.000Z', 502, null, 'sha1:77aa10'],
      ['2026-12-01T09:00:00.000Z', 304, 3, 'req-01HF8K'],
    ] as const)
      await insert(db, 'usage_requests', { service: 'shop', at, status, ms, hash });
  },
  async verify(store) {
    const from = d('2026-11-29T00:00:00.000Z');
    const to = d('2026-12-01T00:00:00.000Z');
    expect(await store.sla.dailyChecks(['api-health'], from, to)).toEqual([
      { check: 'api-health', day: '2026-11-29', total: 2880, ok: 2880 },
      { check: 'api-health', day: '2026-11-30', total: 2880, ok: 2870 },
    ]);
    expect(await store.sla.checkTotals(['api-health'], from, to)).toEqual([
      {
        check: 'api-health',
        total: 5760,
        ok: 5750,
        errors: { timeout: 8, http: 2 },
        hist: [
          [40, 2000],
          [41, 2380],
          [42, 1369],
          [1250, 1],
        ],
        first: from,
      },
    ]);
    const thresholds = { 'api-health': { failureThreshold: 2, successThreshold: 2 } };
    expect(await store.sla.downSpells(thresholds, from, to)).toEqual([
      { check: 'api-health', from: d('2026-11-30T03:10:00.000Z'), to: d('2026-11-30T03:15:30.000Z') },
    ]);
    expect(await store.sla.usageServices()).toEqual([
      { service: 'shop', total: 3, first: d('2026-11-30T10:00:00.000Z'), last: d('2026-12-01T09:00:00.000Z') },
    ]);
    expect(await store.sla.usageDays('shop', from, d('2026-12-02T00:00:00.000Z'))).toEqual([
      { day: '2026-11-30', total: 2, ok: 1, errors: 1 },
      { day: '2026-12-01', total: 1, ok: 1, errors: 0 },
    ]);
  },
  async writes(store) {
    // The unique (service, hash) still holds: importing the same line again adds nothing.
    expect(
      await store.sla.recordRequests('shop', [{ at: d('2026-11-30T10:00:00.000Z'), status: 200, key: 'sha1:5f1d2c' }]),
    ).toEqual({ added: 0, duplicates: 1 });
  },
};

// --- 010 incident links ------------------------------------------------------------------------

const incidentLinks: UpgradeStep = {
  migration: '010_incident_links',
  async seed(db, ids) {
    await insert(db, 'incident_auto_lock', { id: 1, touched_at: '2026-12-04T02:21:41.000Z' });
    await insert(db, 'incident_auto', {
      incident_id: 'inc-2026-001',
      opened_at: '2026-11-22T02:20:00.418Z',
      healthy_since: '2026-11-22T02:40:00.000Z',
      ended_at: '2026-11-22T02:52:30.907Z',
    });
    await insert(db, 'incident_auto', {
      incident_id: 'inc-2026-002',
      opened_at: '2026-12-04T02:14:10.036Z',
      healthy_since: null,
      ended_at: null,
    });
    await insert(db, 'incident_links', {
      incident_id: 'inc-2026-002',
      kind: 'group',
      ref: String(ids.criticalGroup),
      service: 'payments',
      title: 'PaymentsAPIHighErrorRate',
      linked_at: '2026-12-04T02:14:10.036Z',
      healthy_at: null,
      acked_at: '2026-12-04T02:21:41.000Z',
    });
    await insert(db, 'incident_links', {
      incident_id: 'inc-2026-002',
      kind: 'check',
      ref: 'api-health',
      service: 'payments',
      title: 'api-health is down',
      linked_at: '2026-12-04T02:15:00.000Z',
      healthy_at: '2026-12-04T02:40:00.000Z',
      acked_at: null,
    });
  },
  async verify(store, ids) {
    expect(await store.incidents.autoActive(NOW)).toEqual({
      incident: INCIDENTS[1],
      healthySince: null,
      links: [
        {
          kind: 'group',
          ref: String(ids.criticalGroup),
          service: 'payments',
          title: 'PaymentsAPIHighErrorRate',
          linkedAt: d('2026-12-04T02:14:10.036Z'),
          healthyAt: null,
          ackedAt: d('2026-12-04T02:21:41.000Z'),
        },
        {
          kind: 'check',
          ref: 'api-health',
          service: 'payments',
          title: 'api-health is down',
          linkedAt: d('2026-12-04T02:15:00.000Z'),
          healthyAt: d('2026-12-04T02:40:00.000Z'),
          ackedAt: null,
        },
      ],
    });
    expect(await store.incidents.autoIncidentOf('check', 'api-health')).toBe('inc-2026-002');
  },
};

// --- 011 leadership ----------------------------------------------------------------------------

/** No Store method reads these yet (the leadership work is a stub): read raw. */
const leadership: UpgradeStep = {
  migration: '011_leadership',
  async seed(db, ids) {
    await select(db, `update watch_leader set token = 7, holder = 'web-1:4242', since = '2026-12-04T00:00:00.000Z'`);
    await select(db, `update notifications set fencing_token = 7 where id = ${ids.sms}`);
    await select(db, `update digests set fencing_token = 6 where id = ${ids.digestSent}`);
  },
  async verify(_store, ids, raw) {
    const [leader] = await select(raw, 'select token, holder, since from watch_leader');
    expect(Number(leader?.token)).toBe(7);
    expect(leader?.holder).toBe('web-1:4242');
    expect(new Date(leader?.since as string)).toEqual(d('2026-12-04T00:00:00.000Z'));
    const tokens = async (table: string) =>
      (await select(raw, `select id, fencing_token from ${table} order by id`)).map((r) => [
        Number(r.id),
        r.fencing_token === null ? null : Number(r.fencing_token),
      ]);
    expect(await tokens('notifications')).toEqual([
      [ids.sms, 7],
      [ids.call, null],
      [ids.test, null],
    ]);
    expect(await tokens('digests')).toEqual([
      [ids.digestSent, 6],
      [ids.digestFailed, null],
    ]);
  },
  async defaults(db) {
    const [leader] = await select(db, 'select id, token, holder, since from watch_leader');
    expect({ ...leader, token: Number(leader?.token) }).toEqual({ id: 1, token: 0, holder: null, since: null });
    for (const table of ['notifications', 'digests']) {
      const [row] = await select(db, `select count(*) as n from ${table} where fencing_token is not null`);
      expect(Number(row?.n)).toBe(0);
    }
  },
};

/** 012 adds nothing to a database made by a release (it repairs development builds' ones): no rows of its own. */
const repair: UpgradeStep = {
  migration: '012_repair',
  async seed() {},
  async verify() {},
};

/** 013 adds an index only: the rows of 008 read back through it. */
const incidentUpdateStatus: UpgradeStep = {
  migration: '013_incident_update_status',
  async seed() {},
  async verify() {},
};

/** 014 adds the console's tables, and `incidents.version`, 1 for every incident 008 left. */
const consoleTables: UpgradeStep = {
  migration: '014_console',
  async seed(db, ids) {
    const user = (name: string, role: string, disabled: number, lastLogin: string | null) =>
      insert(db, 'users', {
        name,
        role,
        password_hash: `$argon2id$v=19$m=19456,t=2,p=1$seed-${name}`,
        disabled,
        created_at: '2026-12-03T09:00:00.000Z',
        last_login_at: lastLogin,
      });
    ids.ana = Number((await user('ana', 'admin', 0, '2026-12-03T21:00:00.000Z')).id);
    ids.bo = Number((await user('bo', 'viewer', 1, null)).id);
    const session = await insert(db, 'sessions', {
      user_id: ids.ana,
      access_hash: 'seed-access',
      refresh_hash: 'seed-refresh',
      created_at: '2026-12-03T21:00:00.000Z',
      access_expires_at: '2026-12-04T21:00:00.000Z',
      refresh_expires_at: '2026-12-10T21:00:00.000Z',
      last_seen_at: '2026-12-03T22:00:00.000Z',
      revoked_at: null,
      address: '10.0.0.2',
    });
    ids.session = Number(session.id);
    const key = await insert(db, 'api_keys', {
      name: 'ci',
      role: 'reporter',
      key_hash: 'seed-key-hash',
      prefix: 'sok_SEEDseed',
      created_by: 'ana',
      created_at: '2026-12-03T10:00:00.000Z',
      last_used_at: null,
      revoked_at: null,
    });
    ids.key = Number(key.id);
    const entry = await insert(db, 'audit_log', {
      at: '2026-12-03T21:00:00.000Z',
      actor: 'ana',
      action: 'login',
      target: null,
      address: '10.0.0.2',
      detail: '{"via":"password"}',
    });
    ids.audit = Number(entry.id);
  },
  async verify(store, ids, raw) {
    const rows = await select(raw, 'select distinct version from incidents');
    for (const row of rows) expect(Number(row.version)).toBe(1);
    expect(await store.accounts.user('ana')).toEqual({
      id: ids.ana,
      name: 'ana',
      role: 'admin',
      disabled: false,
      createdAt: '2026-12-03T09:00:00.000Z',
      lastLoginAt: '2026-12-03T21:00:00.000Z',
      passwordHash: '$argon2id$v=19$m=19456,t=2,p=1$seed-ana',
    });
    expect((await store.accounts.listUsers()).map((u) => [u.name, u.disabled])).toEqual([
      ['ana', false],
      ['bo', true],
    ]);
    const found = await store.accounts.sessionByRefresh('seed-refresh');
    expect(found?.user.id).toBe(ids.ana);
    expect(found?.session).toEqual({
      id: ids.session,
      userId: ids.ana,
      createdAt: d('2026-12-03T21:00:00.000Z'),
      accessExpiresAt: d('2026-12-04T21:00:00.000Z'),
      refreshExpiresAt: d('2026-12-10T21:00:00.000Z'),
      lastSeenAt: d('2026-12-03T22:00:00.000Z'),
      revokedAt: null,
    });
    expect(await store.accounts.keyByHash('seed-key-hash')).toEqual({
      id: ids.key,
      name: 'ci',
      role: 'reporter',
      prefix: 'sok_SEEDseed',
      createdBy: 'ana',
      createdAt: '2026-12-03T10:00:00.000Z',
      lastUsedAt: null,
      revokedAt: null,
    });
    expect(await store.audit.list({ since: d('2026-12-03T00:00:00.000Z') })).toEqual([
      {
        id: ids.audit,
        at: '2026-12-03T21:00:00.000Z',
        actor: 'ana',
        action: 'login',
        target: null,
        address: '10.0.0.2',
        detail: { via: 'password' },
      },
    ]);
  },
  async defaults(db) {
    for (const table of ['users', 'api_keys', 'sessions', 'audit_log', 'drafts']) {
      const [row] = await select(db, `select count(*) as n from ${table}`);
      expect(Number(row?.n)).toBe(0);
    }
  },
  async writes(store, ids) {
    // The sequences go on past the seeded rows, and the unique name still holds.
    const cy = await store.accounts.addUser({ name: 'cy', role: 'reporter', passwordHash: 'h' }, NOW);
    expect(cy.id).toBeGreaterThan(Math.max(ids.ana ?? 0, ids.bo ?? 0));
    await expect(store.accounts.addUser({ name: 'ana', role: 'viewer', passwordHash: 'h' }, NOW)).rejects.toThrow(
      'already exists',
    );
    const key = await store.accounts.createKey(
      { name: 'deploy', role: 'viewer', keyHash: 'k2', prefix: 'sok_NEWnew12', createdBy: 'cy' },
      NOW,
    );
    expect(key.id).toBeGreaterThan(ids.key ?? 0);
    expect(await store.accounts.updateUser(ids.ana ?? 0, { disabled: true }, NOW)).toMatchObject({ disabled: true });
    expect(await store.accounts.sessionByAccess('seed-access')).toBeNull();
    await store.audit.record({ actor: 'cli:ana', action: 'user.disable', target: 'ana' }, NOW);
    expect((await store.audit.list({ limit: 1 }))[0]?.id).toBeGreaterThan(ids.audit ?? 0);
  },
};

/** One step per migration, in order: 001 … the newest. */
export const UPGRADE_STEPS: UpgradeStep[] = [
  ...EARLY_STEPS,
  deadLetters,
  correctionsStep,
  incidents,
  sla,
  incidentLinks,
  leadership,
  repair,
  incidentUpdateStatus,
  consoleTables,
];
