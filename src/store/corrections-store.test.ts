import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { NormalizedAlert, TriageResult } from '../core/alert.js';
import { useStoreBackends } from '../../test/helpers/store-backends.js';
import type { Store } from './index.js';

// The corrections table (migration 007) and forgetting verdicts, on both backends.

const { backends, open } = await useStoreBackends('corrections-store');

function alert(title: string, overrides: Partial<NormalizedAlert> = {}): NormalizedAlert {
  return {
    id: randomUUID(),
    source: 'generic',
    service: 'db',
    title,
    body: 'lag 1200 s',
    labels: { host: 'db-1', note: 'quoted "x"' },
    status: 'firing',
    severityHint: null,
    severityText: null,
    fingerprint: `fp-${title}`,
    receivedAt: '2026-11-30T03:00:00.000Z',
    raw: { big: 'payload' },
    ...overrides,
  };
}

describe.each(backends)('corrections on $name', (backend) => {
  const test = it.skipIf(backend.skip !== undefined);
  const fresh = async (): Promise<Store> => open(await backend.fresh());

  test('records a batch in one go and lists it oldest first, the alert kept without its raw payload', async () => {
    const store = await fresh();
    expect(await store.corrections.list()).toEqual([]);
    const now = new Date('2026-11-30T04:05:06.000Z');
    const lag = alert('Replication lag high');
    const count = await store.corrections.record(
      [
        { type: 'generic|db|replication lag high', severity: 'warning', alert: lag },
        { type: 'generic|db|backup done', severity: 'info', alert: alert('Backup done') },
      ],
      now,
    );
    expect(count).toBe(2);
    const listed = await store.corrections.list();
    expect(listed.map((c) => [c.type, c.severity, c.title, c.alertId])).toEqual([
      ['generic|db|replication lag high', 'warning', 'Replication lag high', null],
      ['generic|db|backup done', 'info', 'Backup done', null],
    ]);
    expect(listed[0]!.alert).toEqual({ ...lag, raw: null });
    expect(listed[0]!.fingerprint).toBe('fp-Replication lag high');
    expect(listed[0]!.createdAt.toISOString()).toBe(now.toISOString());
    expect(await store.corrections.verdicts()).toEqual(listed.map(({ alert: _, ...verdict }) => verdict));
  });

  test('stores ten thousand corrections in one call (statements split under the parameter ceilings)', async () => {
    const store = await fresh();
    const many = Array.from({ length: 10_000 }, (_, i) => ({
      type: `generic|db|t${i}`,
      severity: 'info' as const,
      alert: alert(`t${i}`),
    }));
    expect(await store.corrections.record(many)).toBe(10_000);
    expect(await store.corrections.list()).toHaveLength(10_000);
    expect(
      await store.corrections.forget({ ids: (await store.corrections.list()).map((c) => c.id), alertIds: [] }),
    ).toBe(10_000);
  });

  test('forgets taught corrections by id and feedback verdicts by alert id, in one transaction', async () => {
    const store = await fresh();
    const stored: TriageResult = {
      alert: alert('Disk full'),
      severity: 'critical',
      confidence: 0.9,
      classifier: 'model',
      reason: 'model',
    };
    await store.insertTriageResults([stored]);
    await store.recordFeedback({ alertId: stored.alert.id, verdict: 'wrong', severity: 'warning' });
    await store.recordFeedback({ alertId: stored.alert.id, verdict: 'wrong', severity: 'info' });
    await store.corrections.record([
      { type: 'a', severity: 'info', alert: alert('A') },
      { type: 'b', severity: 'info', alert: alert('B') },
    ]);
    const [a] = await store.corrections.list();
    expect(await store.corrections.forget({ ids: [a!.id], alertIds: [stored.alert.id] })).toBe(3);
    expect(await store.listFeedback()).toEqual([]);
    expect((await store.corrections.list()).map((c) => c.type)).toEqual(['b']);
    expect(await store.corrections.forget({ ids: [], alertIds: [] })).toBe(0);
  });
});
