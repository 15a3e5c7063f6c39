import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { ChannelError, type Channel, type WakeMessage } from '../../core/channel.js';
import type { NormalizedAlert } from '../../core/alert.js';
import type { StepChannel } from '../../core/wake.js';
import type { AlertGroup } from '../../core/watch.js';
import { openStore, type Store } from '../../store/index.js';
import { createWakeLadder, type WakeSettings } from './ladder.js';

// The ladder against a real SQLite store, a clock the test moves, and channels that record.

const T0 = new Date('2026-11-22T03:00:00.000Z');
const minutes = (m: number) => new Date(T0.getTime() + m * 60_000);
const stores: Store[] = [];
afterEach(async () => {
  await Promise.all(stores.splice(0).map((s) => s.close()));
});

interface Sent {
  channel: StepChannel;
  kind: WakeMessage['kind'];
  at: Date;
  groupId: number;
}

function harness(
  options: { failing?: Partial<Record<StepChannel, 'retryable' | 'permanent'>>; settings?: Partial<WakeSettings> } = {},
) {
  const clock = { now: T0 };
  const sent: Sent[] = [];
  const tries: StepChannel[] = [];
  const channel = (name: StepChannel): Channel => ({
    name,
    async send(message) {
      tries.push(name);
      const failing = options.failing?.[name];
      if (failing) throw new ChannelError(`${name} is down`, failing === 'retryable', 500);
      sent.push({ channel: name, kind: message.kind, at: clock.now, groupId: message.groupId });
      return { providerId: `${name}-${sent.length}`, costUsd: name === 'call' ? 0.014 : name === 'sms' ? 0.0083 : 0 };
    },
  });
  const names: StepChannel[] = ['call', 'sms', 'email', 'slack'];
  const settings: WakeSettings = {
    calls: 4,
    callIntervalMs: 180_000,
    sms: true,
    fallbacks: ['email', 'slack'],
    available: new Set(names),
    retries: 2,
    retryDelayMs: 0,
    keyPress: true,
    ...options.settings,
  };
  const make = (store: Store) =>
    createWakeLadder({
      store: store.wake,
      channels: Object.fromEntries(names.map((n) => [n, channel(n)])),
      settings,
      now: () => clock.now,
      priceOfCall: (s) => Math.ceil(s / 60) * 0.014,
      log: { info() {}, warn() {}, error() {} },
    });
  return { clock, sent, tries, make };
}

async function storeWithGroup(
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'soloops-ladder-')),
): Promise<{ store: Store; group: AlertGroup; dir: string }> {
  const store = await openStore({ home: dir });
  stores.push(store);
  const alert: NormalizedAlert = {
    id: randomUUID(),
    source: 'generic',
    service: 'payments',
    title: 'checkout fails',
    body: '',
    labels: {},
    status: 'firing',
    severityHint: null,
    severityText: null,
    fingerprint: 'fp',
    receivedAt: T0.toISOString(),
    raw: null,
  };
  await store.watch.enqueue([alert]);
  const [group] = await store.watch.commitGrouped(
    [{ result: { alert, severity: 'critical', confidence: 1, classifier: 'rule', reason: 'r' }, groupKey: 'fp' }],
    { now: T0, staleAfterMs: 3_600_000 },
  );
  return { store, group: group!, dir };
}

/** Moves the clock minute by minute to `until`, ticking as the daemon's ticker would. */
async function runUntil(
  h: ReturnType<typeof harness>,
  ladder: ReturnType<ReturnType<typeof harness>['make']>,
  until: number,
) {
  for (let m = 0; m <= until; m++) {
    h.clock.now = minutes(m);
    await ladder.tick();
  }
}

describe('the wake ladder', () => {
  it('nobody answers: 4 calls 3 minutes apart, then the SMS, then the fallbacks, on time, once each', async () => {
    const h = harness();
    const { store, group } = await storeWithGroup();
    const ladder = h.make(store);
    await ladder.wake(group);
    await ladder.wake(group); // more alerts joining the ringing group start nothing new
    await runUntil(h, ladder, 30);
    expect(h.sent.map((s) => [s.channel, (s.at.getTime() - T0.getTime()) / 60_000])).toEqual([
      ['call', 0],
      ['call', 3],
      ['call', 6],
      ['call', 9],
      ['sms', 12],
      ['email', 12],
      ['slack', 12],
    ]);
    expect((await store.wake.ladderForGroup(group.id))?.state).toBe('exhausted');
    const attempts = await store.wake.attemptsOf(group.id);
    expect(attempts.every((a) => a.outcome === 'sent' && a.sentAt && a.providerId)).toBe(true);
    expect(await store.wake.spendSince(T0)).toMatchObject({ calls: 4, sms: 1, messages: 2, costUsd: 0.0643 });
  });

  it('an acknowledgement stops it at once: no further call', async () => {
    const h = harness();
    const { store, group } = await storeWithGroup();
    const ladder = h.make(store);
    await ladder.wake(group);
    h.clock.now = minutes(3);
    await ladder.tick();
    expect((await ladder.acknowledge(group.id, 'cli')).changed).toBe(true);
    await runUntil(h, ladder, 30);
    expect(h.sent.map((s) => s.channel)).toEqual(['call', 'call']);
  });

  it('the key press (1) acknowledges; another key does not', async () => {
    const h = harness();
    const { store, group } = await storeWithGroup();
    const ladder = h.make(store);
    await ladder.wake(group);
    const [call] = await store.wake.attemptsOf(group.id);
    expect(await ladder.keyPressed(call!.id, '2')).toBe(false);
    expect(await ladder.keyPressed(call!.id, '1')).toBe(true);
    expect(await store.wake.ladderForGroup(group.id)).toMatchObject({ state: 'acked', ackedVia: 'call' });
    await ladder.callStatus(call!.id, { CallStatus: 'completed', AnsweredBy: 'human', CallDuration: '75' });
    expect(await store.wake.getAttempt(call!.id)).toMatchObject({ outcome: 'acked', costUsd: 0.028 });
  });

  it('voicemail and no answer are not acknowledgements; an SMS reply "ACK" is', async () => {
    const h = harness();
    const { store, group } = await storeWithGroup();
    const ladder = h.make(store);
    await ladder.wake(group);
    const [call] = await store.wake.attemptsOf(group.id);
    await ladder.callStatus(call!.id, { CallStatus: 'completed', AnsweredBy: 'machine_end_beep', CallDuration: '20' });
    expect((await store.wake.getAttempt(call!.id))?.outcome).toBe('machine');
    expect((await store.wake.ladderForGroup(group.id))?.state).toBe('ringing');
    expect(await ladder.smsReply('hello')).toBeNull();
    expect(await ladder.smsReply('ack')).toBe(group.id);
    expect(await store.wake.ladderForGroup(group.id)).toMatchObject({ state: 'acked', ackedVia: 'sms' });
  });

  it('a channel that keeps failing is retried within its step, then the ladder moves on at once', async () => {
    const h = harness({ failing: { call: 'retryable', sms: 'retryable' } });
    const { store, group } = await storeWithGroup();
    const ladder = h.make(store);
    await ladder.wake(group);
    // Every call and the SMS fail (3 tries each); email and Slack are reached at minute 0, not 12.
    expect(h.tries.filter((t) => t === 'call')).toHaveLength(12);
    expect(h.tries.filter((t) => t === 'sms')).toHaveLength(3);
    expect(h.sent.map((s) => [s.channel, s.at.getTime() - T0.getTime()])).toEqual([
      ['email', 0],
      ['slack', 0],
    ]);
    const attempts = await store.wake.attemptsOf(group.id);
    expect(attempts.filter((a) => a.outcome === 'failed')).toHaveLength(15);
    expect(
      attempts
        .filter((a) => a.outcome === 'failed')
        .every((a) => a.error === 'call is down' || a.error === 'sms is down'),
    ).toBe(true);
  });

  it('a permanent failure is not retried', async () => {
    const h = harness({ failing: { call: 'permanent' }, settings: { calls: 1 } });
    const { store, group } = await storeWithGroup();
    await h.make(store).wake(group);
    expect(h.tries).toEqual(['call', 'sms', 'email', 'slack']);
  });

  it('a group that resolves before anyone acknowledged it stops the ladder and says so once', async () => {
    const h = harness();
    const { store, group } = await storeWithGroup();
    const ladder = h.make(store);
    await ladder.wake(group);
    const resolved: NormalizedAlert = {
      id: randomUUID(),
      source: 'generic',
      service: 'payments',
      title: 'checkout fails',
      body: '',
      labels: {},
      status: 'resolved',
      severityHint: null,
      severityText: null,
      fingerprint: 'fp',
      receivedAt: minutes(2).toISOString(),
      raw: null,
    };
    await store.watch.enqueue([resolved]);
    await store.watch.commitGrouped(
      [
        {
          result: { alert: resolved, severity: 'info', confidence: 1, classifier: 'status', reason: 'resolved' },
          groupKey: 'fp',
        },
      ],
      { now: minutes(2), staleAfterMs: 3_600_000 },
    );
    await runUntil(h, ladder, 30);
    expect(h.sent.map((s) => [s.channel, s.kind])).toEqual([
      ['call', 'wake'],
      ['sms', 'resolved'],
    ]);
    expect((await store.wake.ladderForGroup(group.id))?.state).toBe('resolved');
  });

  it('after a restart a new ladder over the same store resumes on schedule, repeating nothing', async () => {
    const h = harness();
    const { store, group, dir } = await storeWithGroup();
    const first = h.make(store);
    await first.wake(group);
    h.clock.now = minutes(3);
    await first.tick();
    await store.close();
    // The "daemon" is gone between call 2 and call 3; a new one opens the same file.
    const reopened = await openStore({ home: dir });
    stores.push(reopened);
    const second = h.make(reopened);
    h.clock.now = minutes(5);
    await second.tick();
    expect(h.sent).toHaveLength(2);
    await runUntil(h, second, 9);
    expect(h.sent.map((s) => (s.at.getTime() - T0.getTime()) / 60_000)).toEqual([0, 3, 6, 9]);
  });
});
