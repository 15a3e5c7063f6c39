import { type Kysely, sql } from 'kysely';
import { expect } from 'vitest';
import type { NormalizedAlert } from '../../src/core/alert.js';
import type { AlertGroup, CheckResultRow } from '../../src/core/watch.js';
import type { Store, StoredAlert } from '../../src/store/index.js';
import type { StoredDigest } from '../../src/store/types.js';

/**
 * Rows as each schema version of soloops wrote them, one step per migration, for the upgrade test
 * (test/e2e/store-upgrade.test.ts): `seed` writes raw SQL in the shape that migration's tables had
 * (timestamps as toISOString() text, which SQLite keeps and PostgreSQL's timestamptz parses; JSON as
 * text; booleans as 0/1), `verify` reads every one back through the Store API after the upgrade.
 */

/** A database before the current code opens it: only migrations up to some name applied. */
export type Raw = Kysely<unknown>;
/** Ids the database gave seeded rows (serial columns are never set by hand: sequences must move on). */
export type Ids = Record<string, number>;
type Value = string | number | null;

export interface UpgradeStep {
  migration: string;
  seed(db: Raw, ids: Ids): Promise<void>;
  /**
   * Reads every seeded row back through the public Store API (after every step has seeded); `raw`
   * is a second connection to the upgraded database, for tables no Store method reads yet.
   */
  verify(store: Store, ids: Ids, raw: Raw): Promise<void>;
  /**
   * Run when this migration was applied by the upgrade (not at seeding): the columns it added to
   * older tables have their defaults on rows written before it. Raw reads: no Store method shows them.
   */
  defaults?(db: Raw, ids: Ids): Promise<void>;
  /** Writes that lean on seeded state (sequences, unique keys, counters), after every verify. */
  writes?(store: Store, ids: Ids): Promise<void>;
}

/** The `now` verify and writes pass the store: the morning after the seeded night. */
export const NOW = new Date('2026-12-04T08:00:00.000Z');

/** Inserts one row by raw SQL; returns it as the database stored it (ids from its sequences). */
export async function insert(db: Raw, table: string, row: Record<string, Value>): Promise<Record<string, unknown>> {
  const columns = Object.keys(row);
  const { rows } = await sql<Record<string, unknown>>`insert into ${sql.table(table)} (${sql.join(
    columns.map((c) => sql.ref(c)),
  )}) values (${sql.join(columns.map((c) => row[c]))}) returning *`.execute(db);
  return rows[0]!;
}

/** Inserts and records the new row's `id` under `name`. */
async function insertId(db: Raw, ids: Ids, name: string, table: string, row: Record<string, Value>): Promise<number> {
  const id = Number((await insert(db, table, row)).id);
  ids[name] = id;
  return id;
}

/** Rows of a raw query. */
export async function select(db: Raw, query: string): Promise<Record<string, unknown>[]> {
  return (await sql<Record<string, unknown>>`${sql.raw(query)}`.execute(db)).rows;
}

const d = (iso: string) => new Date(iso);

// --- 001 snapshots -----------------------------------------------------------------------------

const SNAPSHOTS = [
  {
    takenAt: '2026-11-21T06:00:04.117Z',
    host: 'web-1',
    cpuPct: 12.345678901,
    memUsedPct: 61.25,
    diskMaxPct: 83.9,
    load1: 0.421357913,
    containers: 7,
    path: '/var/lib/soloops/snapshots/web-1-20261121T060004Z.json',
    uploadedUrl: 's3://acme-ops/snapshots/web-1-20261121T060004Z.json',
  },
  {
    takenAt: '2026-11-22T06:00:03.902Z',
    host: 'web-1',
    cpuPct: 97.75,
    memUsedPct: 88.5,
    diskMaxPct: 91.0,
    load1: 3.08,
    containers: 7,
    path: null,
    uploadedUrl: null,
  },
  // A host where docker and the load average were unavailable (macOS laptop).
  {
    takenAt: '2026-11-22T06:10:00.000Z',
    host: 'db-1',
    cpuPct: 3.5,
    memUsedPct: 40.125,
    diskMaxPct: null,
    load1: null,
    containers: null,
    path: '/home/ops/snap db-1 ünïcode.json',
    uploadedUrl: null,
  },
];

const snapshots: UpgradeStep = {
  migration: '001_snapshots',
  async seed(db) {
    for (const s of SNAPSHOTS)
      await insert(db, 'snapshots', {
        taken_at: s.takenAt,
        host: s.host,
        cpu_pct: s.cpuPct,
        mem_used_pct: s.memUsedPct,
        disk_max_pct: s.diskMaxPct,
        load1: s.load1,
        containers: s.containers,
        path: s.path,
        uploaded_url: s.uploadedUrl,
      });
  },
  async verify(store) {
    const rows = SNAPSHOTS.map((s) => ({ ...s, takenAt: d(s.takenAt) }));
    expect(await store.listSnapshots({ host: 'web-1' })).toEqual([rows[1], rows[0]]);
    expect(await store.listSnapshots()).toEqual([rows[2], rows[1], rows[0]]);
  },
  async writes(store) {
    const row = { ...SNAPSHOTS[0]!, takenAt: d('2026-12-04T06:00:00.000Z') };
    await store.recordSnapshot(row);
    expect((await store.listSnapshots({ host: 'web-1', limit: 1 }))[0]).toEqual(row);
  },
};

// --- 002 triage --------------------------------------------------------------------------------

/** Alerts as `soloops triage` stored them; `groupId` is filled by step 003's watch alert. */
export const ALERTS: StoredAlert[] = [
  {
    alert: {
      id: '3f2a9c1e-7b4d-4e8a-9f10-2c6d8e4b1a57',
      source: 'alertmanager',
      service: 'payments',
      title: 'PaymentsAPIHighErrorRate',
      body: '5xx ratio 7.3% over 5m on payments-api (threshold 5%) — “checkout” failing',
      labels: { alertname: 'PaymentsAPIHighErrorRate', severity: 'critical', team: 'pay', 'app.kubernetes.io/x': 'é' },
      status: 'firing',
      severityHint: 'critical',
      severityText: 'critical',
      fingerprint: 'a41c0e7f9b2d3c11',
      receivedAt: '2026-11-22T02:14:07.412Z',
      raw: {
        receiver: 'soloops',
        status: 'firing',
        alerts: [{ labels: { alertname: 'PaymentsAPIHighErrorRate' }, startsAt: '2026-11-22T02:13:37Z' }],
        groupKey: '{}:{alertname="PaymentsAPIHighErrorRate"}',
        version: '4',
        nested: { nul: 'a\u0000b', n: 1.5, list: [null, true] },
      },
    },
    severity: 'critical',
    confidence: 0.973184620511,
    classifier: 'model',
    reason: 'model: "error rate" + severity=critical',
    groupId: null,
  },
  {
    alert: {
      id: '9b7e0d44-1c2f-4a3b-8d5e-6f7a8b9c0d1e',
      source: 'cloudwatch',
      service: 'AWS/RDS',
      title: 'orders-db FreeStorageSpace < 2 GiB',
      body: 'Threshold Crossed: 1 datapoint [1.84 (22/11/26 03:01:00)] was less than the threshold (2.0).',
      labels: { region: 'eu-west-1', DBInstanceIdentifier: 'orders-db' },
      status: 'firing',
      severityHint: null,
      severityText: null,
      fingerprint: 'c0ffee00d15c0001',
      receivedAt: '2026-11-22T03:01:55.000Z',
      raw: 'ALARM: "orders-db FreeStorageSpace < 2 GiB" in EU (Ireland)',
    },
    severity: 'warning',
    confidence: 0.6125,
    classifier: 'rule',
    reason: 'rule rds-storage',
    groupId: null,
  },
];

/** One stored alert's row in the shape of migration 002 (NUL dropped from text, as the writer did). */
export function alertRow(a: StoredAlert): Record<string, Value> {
  return {
    id: a.alert.id,
    received_at: a.alert.receivedAt,
    source: a.alert.source,
    service: a.alert.service,
    title: a.alert.title,
    body: a.alert.body,
    labels: JSON.stringify(a.alert.labels),
    status: a.alert.status,
    fingerprint: a.alert.fingerprint,
    group_id: a.groupId,
    severity_hint: a.alert.severityHint,
    severity_text: a.alert.severityText,
    severity: a.severity,
    confidence: a.confidence,
    classifier: a.classifier,
    reason: a.reason,
    raw: JSON.stringify(a.alert.raw),
  };
}

const MODEL_DATA = {
  version: 3,
  vocabulary: ['error', 'rate', 'disk'],
  weights: [
    [0.5, -1.25],
    [2, 0],
  ],
  bias: -0.1,
};
const MODEL_METRICS = { accuracy: 0.9132, taught: 41, perClass: { critical: { precision: 0.95, recall: 0.9 } } };

const triage: UpgradeStep = {
  migration: '002_triage',
  async seed(db, ids) {
    for (const a of ALERTS) await insert(db, 'alerts', alertRow(a));
    // Changed their mind: the latest verdict per alert is the one read.
    const [first, second] = ALERTS as [StoredAlert, StoredAlert];
    await insert(db, 'feedback', {
      alert_id: second.alert.id,
      verdict: 'correct',
      severity: 'warning',
      created_at: '2026-11-22T07:30:00.000Z',
    });
    await insert(db, 'feedback', {
      alert_id: second.alert.id,
      verdict: 'wrong',
      severity: 'critical',
      created_at: '2026-11-22T07:31:12.250Z',
    });
    await insert(db, 'feedback', {
      alert_id: first.alert.id,
      verdict: 'correct',
      severity: 'critical',
      created_at: '2026-11-22T07:32:00.000Z',
    });
    await insertId(db, ids, 'oldModel', 'models', {
      kind: 'severity',
      created_at: '2026-11-21T00:00:00.000Z',
      data: JSON.stringify({ version: 2 }),
      metrics: '{}',
      active: 0,
    });
    await insertId(db, ids, 'model', 'models', {
      kind: 'severity',
      created_at: '2026-11-22T07:32:01.001Z',
      data: JSON.stringify(MODEL_DATA),
      metrics: JSON.stringify(MODEL_METRICS),
      active: 1,
    });
  },
  async verify(store, ids) {
    const [first, second] = ALERTS as [StoredAlert, StoredAlert];
    expect(await store.getAlert(first.alert.id)).toEqual(first);
    // By prefix, as `triage feedback 9b7e0d44` does.
    expect(await store.getAlert(second.alert.id.slice(0, 8))).toEqual(second);
    expect(await store.listFeedback()).toEqual([
      { alert: second, severity: 'critical', verdict: 'wrong', createdAt: d('2026-11-22T07:31:12.250Z') },
      { alert: first, severity: 'critical', verdict: 'correct', createdAt: d('2026-11-22T07:32:00.000Z') },
    ]);
    expect(await store.activeModel('severity')).toEqual({
      id: ids.model,
      data: MODEL_DATA,
      metrics: MODEL_METRICS,
      createdAt: d('2026-11-22T07:32:01.001Z'),
    });
  },
  async writes(store, ids) {
    const id = await store.saveModel({ kind: 'severity', data: { version: 4 }, metrics: {} });
    expect(id).toBeGreaterThan(ids.model!);
    expect(await store.activeModelId('severity')).toBe(id);
    await store.recordFeedback({ alertId: ALERTS[0]!.alert.id, verdict: 'wrong', severity: 'warning' });
    expect((await store.listFeedback()).at(-1)).toMatchObject({ verdict: 'wrong', severity: 'warning' });
  },
};

// --- 003 watch ---------------------------------------------------------------------------------

/** Alerts accepted by `soloops watch` and still waiting in the inbox. */
export const INBOX: NormalizedAlert[] = [
  {
    id: '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
    source: 'grafana',
    service: 'checkout',
    title: 'Checkout latency p99 > 2s',
    body: 'p99 2.41s for 10m',
    labels: { grafana_folder: 'Shop', severity: 'warning' },
    status: 'firing',
    severityHint: 'warning',
    severityText: 'warning',
    severityField: 'labels.severity',
    fingerprint: 'f00dfeed00000001',
    receivedAt: '2026-12-04T07:59:58.125Z',
    raw: { title: '[FIRING:1] Checkout latency', state: 'alerting', evalMatches: [{ value: 2.41 }] },
  },
  {
    id: '5d6e7f80-9a1b-4c2d-8e3f-405162738495',
    source: 'text',
    service: 'cron',
    title: 'backup.sh exited 1',
    body: 'backup.sh exited 1: pg_dump: error: connection to server failed',
    labels: {},
    status: 'firing',
    severityHint: null,
    severityText: null,
    fingerprint: 'baddcafe00000002',
    receivedAt: '2026-12-04T07:59:59.000Z',
    raw: 'backup.sh exited 1: pg_dump: error: connection to server failed',
  },
];

/** The watch pipeline's alert for group `payments`, stored with its group. */
const GROUPED: StoredAlert = {
  ...ALERTS[0]!,
  alert: {
    ...ALERTS[0]!.alert,
    id: '7c8d9e0f-1a2b-4c3d-9e4f-5a6b7c8d9e0f',
    receivedAt: '2026-12-04T02:14:07.000Z',
    raw: { from: 'watch' },
  },
  groupId: null,
};

function groups(ids: Ids): AlertGroup[] {
  return [
    {
      id: ids.criticalGroup!,
      key: 'payments|PaymentsAPIHighErrorRate',
      service: 'payments',
      title: 'PaymentsAPIHighErrorRate',
      severity: 'critical',
      state: 'acked',
      firstSeen: d('2026-12-04T02:14:07.000Z'),
      lastSeen: d('2026-12-04T02:44:07.000Z'),
      alertCount: 7,
      lastAlertId: GROUPED.alert.id,
      resolvedAt: null,
      routedAt: d('2026-12-04T02:14:08.500Z'),
      routedCount: 1,
      routedSeverity: 'critical',
    },
    {
      id: ids.resolvedGroup!,
      key: 'orders-db|FreeStorageSpace',
      service: 'AWS/RDS',
      title: 'orders-db FreeStorageSpace < 2 GiB',
      severity: 'warning',
      state: 'resolved',
      firstSeen: d('2026-12-04T03:01:55.000Z'),
      lastSeen: d('2026-12-04T04:30:00.000Z'),
      alertCount: 2,
      lastAlertId: ALERTS[1]!.alert.id,
      resolvedAt: d('2026-12-04T04:30:00.000Z'),
      routedAt: null,
      routedCount: 0,
      routedSeverity: null,
    },
  ];
}

const CHECKS: CheckResultRow[] = [
  {
    check: 'api-health',
    at: d('2026-12-03T23:59:30.000Z'),
    ok: true,
    status: 200,
    ms: 41.735192,
    errorType: null,
    error: null,
  },
  {
    check: 'api-health',
    at: d('2026-12-04T00:00:00.000Z'),
    ok: false,
    status: null,
    ms: 10000,
    errorType: 'timeout',
    error: 'no response within 10 s',
  },
  {
    check: 'api-health',
    at: d('2026-12-04T00:00:30.000Z'),
    ok: false,
    status: 503,
    ms: 12.25,
    errorType: 'http',
    error: 'HTTP 503',
  },
  {
    check: 'shop-home',
    at: d('2026-12-04T00:00:10.000Z'),
    ok: true,
    status: 200,
    ms: 88,
    errorType: null,
    error: null,
  },
];

const watch: UpgradeStep = {
  migration: '003_watch',
  async seed(db, ids) {
    for (const a of INBOX) await insert(db, 'inbox', { id: a.id, received_at: a.receivedAt, alert: JSON.stringify(a) });
    const row = (g: AlertGroup): Record<string, Value> => ({
      group_key: g.key,
      service: g.service,
      title: g.title,
      severity: g.severity,
      state: g.state,
      first_seen: g.firstSeen.toISOString(),
      last_seen: g.lastSeen.toISOString(),
      alert_count: g.alertCount,
      last_alert_id: g.lastAlertId,
      resolved_at: g.resolvedAt?.toISOString() ?? null,
      routed_at: g.routedAt?.toISOString() ?? null,
      routed_count: g.routedCount,
      routed_severity: g.routedSeverity,
    });
    const [critical, resolved] = groups({ criticalGroup: 0, resolvedGroup: 0 }) as [AlertGroup, AlertGroup];
    await insertId(db, ids, 'criticalGroup', 'alert_groups', row(critical));
    // routed_count and routed_at left to their defaults, as a group never routed.
    const { routed_count: _, routed_at: __, ...never } = row(resolved);
    await insertId(db, ids, 'resolvedGroup', 'alert_groups', never);
    await insert(db, 'alerts', alertRow({ ...GROUPED, groupId: ids.criticalGroup! }));
    await insertId(db, ids, 'wakeRoute', 'routes', {
      group_id: ids.criticalGroup!,
      target: 'wake',
      severity: 'critical',
      alert_count: 1,
      reason: 'critical: wake now (no group_wait)',
      created_at: '2026-12-04T02:14:08.500Z',
      done_at: '2026-12-04T02:14:09.000Z',
    });
    await insertId(db, ids, 'digestRoute', 'routes', {
      group_id: ids.resolvedGroup!,
      target: 'digest',
      severity: 'warning',
      alert_count: 2,
      reason: 'warning → morning digest',
      created_at: '2026-12-04T03:02:25.000Z',
      done_at: null,
    });
    for (const c of CHECKS)
      await insert(db, 'check_results', {
        check_name: c.check,
        at: c.at.toISOString(),
        ok: c.ok ? 1 : 0,
        status: c.status,
        ms: c.ms,
        error_type: c.errorType,
        error: c.error,
      });
    await insertId(db, ids, 'silence', 'silences', {
      matchers: JSON.stringify({ service: 'cron', 'labels.job': 'backup*' }),
      starts_at: '2026-12-01T00:00:00.000Z',
      ends_at: '2026-12-31T00:00:00.000Z',
      comment: 'backups move to the new host this month',
      created_at: '2026-12-01T09:12:00.000Z',
    });
    await insert(db, 'silences', {
      matchers: JSON.stringify({ service: '*' }),
      starts_at: '2026-11-01T00:00:00.000Z',
      ends_at: '2026-11-01T02:00:00.000Z',
      comment: 'maintenance window',
      created_at: '2026-11-01T00:00:00.000Z',
    });
  },
  async verify(store, ids) {
    const { alerts, unreadable } = await store.watch.pending(10);
    expect(alerts.slice(0, INBOX.length)).toEqual(INBOX);
    expect(unreadable).toEqual([]);
    const [critical, resolved] = groups(ids) as [AlertGroup, AlertGroup];
    expect(await store.watch.getGroup(ids.criticalGroup!)).toEqual(critical);
    expect(await store.watch.getGroup(ids.resolvedGroup!)).toEqual(resolved);
    expect(await store.watch.openGroups()).toEqual([critical]);
    expect(await store.getAlert(GROUPED.alert.id)).toEqual({ ...GROUPED, groupId: ids.criticalGroup });
    expect(await store.digest.alertsOfGroup(ids.criticalGroup!, 10)).toEqual([
      { ...GROUPED, groupId: ids.criticalGroup },
    ]);
    expect(await store.watch.listRoutes()).toEqual([
      {
        id: ids.digestRoute,
        groupId: ids.resolvedGroup,
        target: 'digest',
        severity: 'warning',
        alertCount: 2,
        reason: 'warning → morning digest',
        createdAt: d('2026-12-04T03:02:25.000Z'),
      },
      {
        id: ids.wakeRoute,
        groupId: ids.criticalGroup,
        target: 'wake',
        severity: 'critical',
        alertCount: 1,
        reason: 'critical: wake now (no group_wait)',
        createdAt: d('2026-12-04T02:14:08.500Z'),
      },
    ]);
    expect(await store.watch.recentCheckResults('api-health', 10)).toEqual(CHECKS.slice(0, 3));
    const latest = await store.watch.latestCheckResults();
    expect(latest.sort((a, b) => a.check.localeCompare(b.check))).toEqual([CHECKS[2], CHECKS[3]]);
    expect(await store.silences.active(NOW)).toEqual([
      {
        id: ids.silence,
        matchers: { service: 'cron', 'labels.job': 'backup*' },
        startsAt: d('2026-12-01T00:00:00.000Z'),
        endsAt: d('2026-12-31T00:00:00.000Z'),
        comment: 'backups move to the new host this month',
      },
    ]);
  },
  async writes(store, ids) {
    // Serial ids go on past the seeded ones on both backends.
    const id = await store.silences.add(
      { matchers: { service: 'x' }, startsAt: NOW, endsAt: new Date(NOW.getTime() + 3_600_000), comment: '' },
      NOW,
    );
    expect(id).toBeGreaterThan(ids.silence!);
  },
};

// --- 004 wake ----------------------------------------------------------------------------------

const STEPS = [
  { channel: 'sms', at: '2026-12-04T02:14:09.000Z' },
  { channel: 'call', at: '2026-12-04T02:14:09.000Z' },
  { channel: 'call', at: '2026-12-04T02:19:09.000Z' },
] as const;

function attempts(ids: Ids) {
  return [
    {
      id: ids.sms!,
      ladderId: ids.ladder!,
      groupId: ids.criticalGroup!,
      channel: 'sms' as const,
      kind: 'wake' as const,
      step: 0,
      attempt: 1,
      scheduledAt: d('2026-12-04T02:14:09.000Z'),
      sentAt: d('2026-12-04T02:14:09.612Z'),
      outcome: 'delivered' as const,
      providerId: 'SM8f14e45fceea167a5a36dedd4bea2543',
      costUsd: 0.0079,
      error: null,
    },
    {
      id: ids.call!,
      ladderId: ids.ladder!,
      groupId: ids.criticalGroup!,
      channel: 'call' as const,
      kind: 'wake' as const,
      step: 1,
      attempt: 2,
      scheduledAt: d('2026-12-04T02:14:09.000Z'),
      sentAt: d('2026-12-04T02:14:10.020Z'),
      outcome: 'no-answer' as const,
      providerId: 'CAa87ff679a2f3e71d9181a67b7542122c',
      costUsd: 0.014,
      error: 'rang 30 s, no answer',
    },
    // `watch test-wake`: no ladder.
    {
      id: ids.test!,
      ladderId: null,
      groupId: 0,
      channel: 'sms' as const,
      kind: 'test' as const,
      step: 0,
      attempt: 1,
      scheduledAt: d('2026-12-03T20:00:00.000Z'),
      sentAt: null,
      outcome: 'failed' as const,
      providerId: null,
      costUsd: 0,
      error: 'Twilio 21211: invalid To number',
    },
  ];
}

const wake: UpgradeStep = {
  migration: '004_wake',
  async seed(db, ids) {
    await insertId(db, ids, 'ladder', 'wake_ladders', {
      group_id: ids.criticalGroup!,
      state: 'acked',
      steps: JSON.stringify(STEPS),
      next_step: 2,
      next_at: null,
      started_at: '2026-12-04T02:14:09.000Z',
      acked_at: '2026-12-04T02:21:40.333Z',
      acked_via: 'sms reply',
    });
    const names = ['sms', 'call', 'test'];
    for (const [i, a] of attempts({ ...ids, sms: 0, call: 0, test: 0 }).entries())
      await insertId(db, ids, names[i]!, 'notifications', {
        ladder_id: a.ladderId,
        group_id: a.groupId,
        channel: a.channel,
        kind: a.kind,
        step: a.step,
        attempt: a.attempt,
        scheduled_at: a.scheduledAt.toISOString(),
        sent_at: a.sentAt?.toISOString() ?? null,
        outcome: a.outcome,
        provider_id: a.providerId,
        ...(a.costUsd === 0 ? {} : { cost_usd: a.costUsd }),
        error: a.error,
      });
  },
  async verify(store, ids) {
    const ladder = {
      id: ids.ladder,
      groupId: ids.criticalGroup,
      state: 'acked',
      steps: STEPS.map((s) => ({ channel: s.channel, at: d(s.at) })),
      nextStep: 2,
      nextAt: null,
      startedAt: d('2026-12-04T02:14:09.000Z'),
      ackedAt: d('2026-12-04T02:21:40.333Z'),
      ackedVia: 'sms reply',
    };
    expect(await store.wake.ladderForGroup(ids.criticalGroup!)).toEqual(ladder);
    const [sms, call, test] = attempts(ids);
    expect(await store.wake.attemptsOf(ids.criticalGroup!)).toEqual([sms, call]);
    expect(await store.wake.getAttempt(ids.test!)).toEqual(test);
    expect(await store.wake.spendSince(d('2026-12-01T00:00:00.000Z'))).toEqual({
      calls: 1,
      sms: 1,
      messages: 0,
      costUsd: 0.0219,
    });
    const [entry] = await store.digest.laddersOf([ids.criticalGroup!]);
    expect(entry).toEqual({ ladder, calls: 1, sms: 1, delivered: 2 });
  },
};

// --- 005 digests -------------------------------------------------------------------------------

function digests(ids: Ids): StoredDigest[] {
  return [
    {
      id: ids.digestSent!,
      window: { from: d('2026-12-02T22:00:00.000Z'), to: d('2026-12-03T07:00:00.000Z') },
      generatedAt: d('2026-12-03T07:00:01.250Z'),
      body: JSON.stringify({ title: 'Overnight: 3 alert types, nothing woke you', groups: [{ service: 'cron' }] }),
      html: '<!doctype html><title>Digest</title><h1>Overnight</h1><p>3 alert types — “quiet night”</p>',
      status: 'sent',
      channels: ['email', 'ntfy'],
      sentAt: d('2026-12-03T07:00:03.000Z'),
      error: null,
    },
    {
      id: ids.digestFailed!,
      window: { from: d('2026-12-03T22:00:00.000Z'), to: d('2026-12-04T07:00:00.000Z') },
      generatedAt: d('2026-12-04T07:00:00.900Z'),
      body: JSON.stringify({ title: 'Overnight: payments woke you at 02:14', groups: [] }),
      html: null,
      status: 'failed',
      channels: ['slack'],
      sentAt: null,
      error: 'slack: 404 no_service (webhook revoked)',
    },
  ];
}

const digest: UpgradeStep = {
  migration: '005_digests',
  async seed(db, ids) {
    for (const [name, g] of [
      ['digestSent', digests({})[0]!],
      ['digestFailed', digests({})[1]!],
    ] as const)
      await insertId(db, ids, name, 'digests', {
        window_from: g.window.from.toISOString(),
        window_to: g.window.to.toISOString(),
        generated_at: g.generatedAt.toISOString(),
        body: g.body,
        html: g.html,
        status: g.status,
        channels: JSON.stringify(g.channels),
        sent_at: g.sentAt?.toISOString() ?? null,
        error: g.error,
      });
  },
  async verify(store, ids) {
    const [sent, failed] = digests(ids) as [StoredDigest, StoredDigest];
    expect(await store.digest.getDigest(ids.digestSent!)).toEqual(sent);
    expect(await store.digest.digestFor(failed.window)).toEqual(failed);
    expect(await store.digest.failedDigests(d('2026-12-01T00:00:00.000Z'))).toEqual([failed]);
  },
  async writes(store, ids) {
    // The unique window still holds: a second sender gets the stored digest, not a new one.
    const [sent] = digests(ids) as [StoredDigest];
    const again = await store.digest.claimDigest(sent.window, '{}', ['email'], NOW);
    expect(again).toEqual({ digest: sent, created: false });
  },
};

/** Steps 001–005 (store-seeds-later.ts has the rest and the whole list). */
export const EARLY_STEPS: UpgradeStep[] = [snapshots, triage, watch, wake, digest];
