import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { NormalizedAlert } from '../core/alert.js';
import type { LadderStep } from '../core/wake.js';
import { useStoreBackends } from '../../test/helpers/store-backends.js';
import type { Store } from './index.js';

// Smart Wake's tables (ladders, notifications) on both backends, through Store.wake.

const { backends, open } = await useStoreBackends('wake-store');
const T0 = new Date('2026-11-22T03:00:00.000Z');
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);
const steps: LadderStep[] = [
  { channel: 'call', at: at(0) },
  { channel: 'call', at: at(180) },
  { channel: 'sms', at: at(360) },
];

async function criticalGroup(store: Store, title = 'payments down'): Promise<number> {
  const alert: NormalizedAlert = {
    id: randomUUID(),
    source: 'generic',
    service: 'payments',
    title,
    body: '',
    labels: {},
    status: 'firing',
    severityHint: null,
    severityText: null,
    fingerprint: title,
    receivedAt: T0.toISOString(),
    raw: null,
  };
  await store.watch.enqueue([alert]);
  const [group] = await store.watch.commitGrouped(
    [{ result: { alert, severity: 'critical', confidence: 1, classifier: 'rule', reason: 'r' }, groupKey: title }],
    { now: T0, staleAfterMs: 3_600_000 },
  );
  return group!.id;
}

describe.each(backends)('wake store on $name', (backend) => {
  const test = it.skipIf(backend.skip !== undefined);
  const fresh = async (): Promise<Store> => open(await backend.fresh());

  test('one ladder per group; each step is claimed once, in order, and the schedule moves on', async () => {
    const store = await fresh();
    const groupId = await criticalGroup(store);
    const ladder = await store.wake.startLadder(groupId, steps, T0);
    expect(ladder).toMatchObject({ state: 'ringing', nextStep: 0, nextAt: at(0) });
    expect(await store.wake.startLadder(groupId, steps, T0)).toBeNull();

    expect((await store.wake.dueLadders(at(0))).map((d) => d.group.id)).toEqual([groupId]);
    const first = await store.wake.claimStep(ladder!.id, 0, at(0));
    expect(first).toMatchObject({ channel: 'call', step: 0, attempt: 1, outcome: 'sending' });
    expect(await store.wake.claimStep(ladder!.id, 0, at(0))).toBeNull();
    expect(await store.wake.dueLadders(at(179))).toEqual([]);
    expect(await store.wake.ladderForGroup(groupId)).toMatchObject({ nextStep: 1, nextAt: at(180) });

    await store.wake.finishAttempt(first!.id, { outcome: 'sent', sentAt: at(1), providerId: 'CA1', costUsd: 0.014 });
    const retry = await store.wake.addAttempt(first!, at(2));
    expect(retry).toMatchObject({ step: 0, attempt: 2 });
    // A step pulled forward is due now.
    await store.wake.pullForward(ladder!.id, at(10));
    expect((await store.wake.dueLadders(at(10))).length).toBe(1);
    await store.wake.claimStep(ladder!.id, 1, at(10));
    await store.wake.claimStep(ladder!.id, 2, at(360));
    expect(await store.wake.ladderForGroup(groupId)).toMatchObject({ state: 'exhausted', nextStep: 3, nextAt: null });
  });

  test('acknowledging stops the ladder and marks the group; a resolved group is found while ringing', async () => {
    const store = await fresh();
    const a = await criticalGroup(store, 'a down');
    const b = await criticalGroup(store, 'b down');
    await store.wake.startLadder(a, steps, T0);
    const ladderB = await store.wake.startLadder(b, steps, T0);
    const acked = await store.wake.acknowledge(a, 'cli', at(5));
    expect(acked).toMatchObject({ found: true, changed: true, ladder: { state: 'acked', ackedVia: 'cli' } });
    expect((await store.watch.getGroup(a))?.state).toBe('acked');
    expect(await store.wake.acknowledge(a, 'cli', at(6))).toMatchObject({ changed: false });
    expect(await store.wake.acknowledge(9999, 'cli', at(6))).toMatchObject({ found: false });
    expect((await store.wake.latestRinging())?.groupId).toBe(b);

    expect(await store.wake.resolvedWhileRinging()).toEqual([]);
    const resolved: NormalizedAlert = {
      id: randomUUID(),
      source: 'generic',
      service: 'payments',
      title: 'b down',
      body: '',
      labels: {},
      status: 'resolved',
      severityHint: null,
      severityText: null,
      fingerprint: 'b down',
      receivedAt: at(7).toISOString(),
      raw: null,
    };
    await store.watch.enqueue([resolved]);
    await store.watch.commitGrouped(
      [
        {
          result: { alert: resolved, severity: 'info', confidence: 1, classifier: 'status', reason: 'resolved' },
          groupKey: 'b down',
        },
      ],
      { now: at(7), staleAfterMs: 3_600_000 },
    );
    expect((await store.wake.resolvedWhileRinging()).map((r) => r.ladder.id)).toEqual([ladderB!.id]);
    expect(await store.wake.markResolved(ladderB!.id)).toBe(true);
    expect(await store.wake.markResolved(ladderB!.id)).toBe(false);
  });

  test('attempts left sending are abandoned, never re-sent; spend counts what may have been charged', async () => {
    const store = await fresh();
    const groupId = await criticalGroup(store);
    const ladder = await store.wake.startLadder(groupId, steps, T0);
    const call = await store.wake.claimStep(ladder!.id, 0, at(0));
    await store.wake.finishAttempt(call!.id, { outcome: 'answered', sentAt: at(1), costUsd: 0.028 });
    await store.wake.claimStep(ladder!.id, 1, at(180));
    expect(await store.wake.abandonSending(at(200))).toBe(1);
    const sms = await store.wake.recordMessage({
      ladderId: ladder!.id,
      groupId,
      channel: 'sms',
      kind: 'wake',
      step: 2,
      attempt: 1,
      scheduledAt: at(360),
      sentAt: at(360),
      outcome: 'sent',
      providerId: 'SM1',
      costUsd: 0.0083,
      error: null,
    });
    expect(sms.id).toBeGreaterThan(0);
    // The unknown call may have rung: counted, at no known cost.
    expect(await store.wake.spendSince(T0)).toEqual({ calls: 2, sms: 1, messages: 0, costUsd: 0.0363 });
    expect((await store.wake.attemptsOf(groupId)).map((a) => a.outcome)).toEqual(['answered', 'unknown', 'sent']);
  });
});
