import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { NormalizedAlert, TriageResult } from '../core/alert.js';
import { newAlertId } from '../core/alert-id.js';
import { UserError } from '../core/errors.js';
import { failure, useStoreBackends } from '../../test/helpers/store-backends.js';
import type { Store } from './index.js';

// The triage tables on both backends, through the public Store contract only.

const { backends, open } = await useStoreBackends('triage-store');

async function fresh(backend: (typeof backends)[number]): Promise<Store> {
  return open(await backend.fresh());
}

function result(overrides: Partial<NormalizedAlert> = {}, verdict: Partial<TriageResult> = {}): TriageResult {
  const alert: NormalizedAlert = {
    id: randomUUID(),
    source: 'alertmanager',
    service: 'payments',
    title: 'HighErrorRate',
    body: '5xx above 5%',
    labels: { severity: 'page', alertname: 'HighErrorRate', a: '1' },
    status: 'firing',
    severityHint: 'critical',
    severityText: 'page',
    fingerprint: 'fp-payments-errors',
    receivedAt: '2024-05-01T10:00:00.123Z',
    raw: { status: 'firing', alerts: [{ labels: { z: 'last', a: 'first' } }, 2, null, 'x'] },
    ...overrides,
  };
  return { alert, severity: 'critical', confidence: 0.93, classifier: 'model', reason: 'model: down +2.1', ...verdict };
}

describe.each(backends)('triage store on $name', (backend) => {
  const test = it.skipIf(backend.skip !== undefined);

  test('round-trips results: every alert field, JSON labels and raw in order, UTC time', async () => {
    const store = await fresh(backend);
    const results = [
      result(),
      result(
        {
          source: 'text',
          service: 'host-1',
          labels: {},
          severityHint: null,
          severityText: null,
          status: 'resolved',
          raw: 'May  1 10:00:00 host-1 kernel: Out of memory\u0000',
          body: 'nul\u0000byte',
          receivedAt: '2024-05-01T12:00:00+02:00',
        },
        { severity: 'info', confidence: 1, classifier: 'status', reason: 'resolved' },
      ),
      result(
        { raw: null, labels: { 'k.with.dots': 'v "quoted" ✓' } },
        { severity: 'warning', confidence: 0.5, classifier: 'rule', reason: 'rule cron' },
      ),
    ];
    await store.insertTriageResults(results);

    const [first, second, third] = results as [TriageResult, TriageResult, TriageResult];
    const got = await store.getAlert(first.alert.id);
    const { evidence: _unused, ...expected } = first;
    expect(got).toEqual({ ...expected, groupId: null });
    expect(Object.keys(got!.alert.labels)).toEqual(['severity', 'alertname', 'a']);
    expect(JSON.stringify(got!.alert.raw)).toBe(JSON.stringify(first.alert.raw));

    const text = await store.getAlert(second.alert.id);
    expect(text?.alert).toMatchObject({
      severityHint: null,
      severityText: null,
      status: 'resolved',
      labels: {},
      body: 'nulbyte',
      raw: second.alert.raw,
      receivedAt: '2024-05-01T10:00:00.000Z',
    });
    expect(text).toMatchObject({ severity: 'info', confidence: 1, classifier: 'status', reason: 'resolved' });

    const third_ = await store.getAlert(third.alert.id);
    expect(third_?.alert.raw).toBeNull();
    expect(third_?.alert.labels).toEqual({ 'k.with.dots': 'v "quoted" ✓' });
    expect(third_).toMatchObject({ severity: 'warning', confidence: 0.5, classifier: 'rule' });
  });

  test('stores 5,000 results in one call, and skips ids it already has', async () => {
    const store = await fresh(backend);
    const results = Array.from({ length: 5_000 }, (_, i) => result({ title: `alert ${i}`, labels: { i: String(i) } }));
    await store.insertTriageResults(results);
    for (const i of [0, 1_999, 2_047, 4_999]) {
      const got = await store.getAlert(results[i]!.alert.id);
      expect(got?.alert.title).toBe(`alert ${i}`);
      expect(got?.alert.labels).toEqual({ i: String(i) });
    }
    // A batch retried after a crash: the known half is skipped, the new half stored.
    const retried = [...results.slice(4_990), result({ title: 'new' })];
    await store.insertTriageResults(retried);
    expect((await store.getAlert(retried.at(-1)!.alert.id))?.alert.title).toBe('new');
    await store.insertTriageResults([]);
  });

  test('finds an alert by a unique id prefix of 8+ characters, like git', async () => {
    const store = await fresh(backend);
    const a = result({ id: 'abcdef12-0000-4000-8000-000000000001' });
    const b = result({ id: 'abcdef12-0000-4000-8000-000000000002' });
    const c = result({ id: '0123abcd-ffff-4000-8000-000000000003' });
    await store.insertTriageResults([a, b, c]);

    expect((await store.getAlert(c.alert.id))?.alert.id).toBe(c.alert.id);
    expect((await store.getAlert('0123abcd'))?.alert.id).toBe(c.alert.id);
    expect((await store.getAlert(' 0123ABCD-FF '))?.alert.id).toBe(c.alert.id);
    const ambiguous = await failure(store.getAlert('abcdef12'));
    expect(ambiguous).toBeInstanceOf(UserError);
    expect(ambiguous.message).toContain(a.alert.id);
    expect(ambiguous.message).toContain(b.alert.id);
    expect(ambiguous.hint).toMatch(/more characters/);
    expect((await store.getAlert('abcdef12-0000-4000-8000-000000000002'))?.alert.id).toBe(b.alert.id);
    expect(await store.getAlert('99999999')).toBeNull();
    expect(await store.getAlert('abc%____')).toBeNull();
    expect(await failure(store.getAlert('0123'))).toBeInstanceOf(UserError);
  });

  test('finds each of a burst of alerts by the 8-character prefix of its minted id', async () => {
    const store = await fresh(backend);
    const results = Array.from({ length: 2_000 }, () => result({ id: newAlertId() }));
    await store.insertTriageResults(results);
    for (const i of [0, 1, 999, 1_998, 1_999]) {
      const id = results[i]!.alert.id;
      expect((await store.getAlert(id.slice(0, 8)))?.alert.id).toBe(id);
    }
  });

  test('records feedback and lists the latest verdict per alert with its alert', async () => {
    const store = await fresh(backend);
    const one = result({ title: 'disk 91%' }, { severity: 'warning' });
    const two = result({ title: 'checkout down' }, { severity: 'info' });
    await store.insertTriageResults([one, two]);
    expect(await store.listFeedback()).toEqual([]);

    const first = await store.recordFeedback({ alertId: one.alert.id, verdict: 'correct', severity: 'warning' });
    await store.recordFeedback({ alertId: two.alert.id, verdict: 'wrong', severity: 'warning' });
    const changedMind = await store.recordFeedback({ alertId: two.alert.id, verdict: 'wrong', severity: 'critical' });
    expect(changedMind).toBeGreaterThan(first);

    const feedback = await store.listFeedback();
    expect(feedback.map((f) => [f.alert.alert.title, f.verdict, f.severity])).toEqual([
      ['disk 91%', 'correct', 'warning'],
      ['checkout down', 'wrong', 'critical'],
    ]);
    expect(feedback[1]!.alert.severity).toBe('info');
    expect(feedback[1]!.alert.alert.raw).toEqual(two.alert.raw);
    expect(feedback[1]!.createdAt).toBeInstanceOf(Date);
    expect(Math.abs(feedback[1]!.createdAt.getTime() - Date.now())).toBeLessThan(60_000);

    const missing = await failure(store.recordFeedback({ alertId: randomUUID(), verdict: 'wrong', severity: 'info' }));
    expect(missing).toBeInstanceOf(UserError);
    const contradiction = await failure(
      store.recordFeedback({ alertId: one.alert.id, verdict: 'correct', severity: 'critical' }),
    );
    expect(contradiction.hint).toMatch(/wrong --severity critical/);
    expect(await store.listFeedback()).toHaveLength(2);
  });

  test('keeps exactly one active model per kind, switching on every save', async () => {
    const store = await fresh(backend);
    expect(await store.activeModel('severity-nb')).toBeNull();
    const data = { counts: { critical: { down: 3 } }, order: ['z', 'a'] };
    const first = await store.saveModel({ kind: 'severity-nb', data, metrics: { feedback: 1 } });
    const other = await store.saveModel({ kind: 'other', data: [1], metrics: null });
    const active = await store.activeModel('severity-nb');
    expect(active).toMatchObject({ id: first, data, metrics: { feedback: 1 } });
    expect(active?.createdAt).toBeInstanceOf(Date);

    const second = await store.saveModel({ kind: 'severity-nb', data: { v: 2 }, metrics: { feedback: 2 } });
    expect(second).not.toBe(first);
    expect(await store.activeModel('severity-nb')).toMatchObject({ id: second, data: { v: 2 } });
    expect(await store.activeModelId('severity-nb')).toBe(second);
    expect(await store.activeModelId('none-saved')).toBeNull();
    // Saving one kind leaves the other kind's active model alone.
    expect(await store.activeModel('other')).toMatchObject({ id: other, data: [1], metrics: null });
    await Promise.all([1, 2, 3].map((v) => store.saveModel({ kind: 'severity-nb', data: { v }, metrics: {} })));
    const latest = await store.activeModel('severity-nb');
    expect((latest!.data as { v: number }).v).toBeGreaterThan(0);
  });
});
