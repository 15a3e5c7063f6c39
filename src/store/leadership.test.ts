import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { NormalizedAlert } from '../core/alert.js';
import { DeposedError } from '../core/leader.js';
import { useStoreBackends } from '../../test/helpers/store-backends.js';
import type { Store } from './index.js';

// Issue 17: leadership and fencing through the store, on both backends. A side effect (a wake
// attempt, a digest) is recorded only under the current leader's token; a deposed leader's claim
// comes back empty and its other records are refused, so it sends nothing.

const { backends, open } = await useStoreBackends('leadership');
const T0 = new Date('2026-12-05T03:00:00.000Z');

async function ringingLadder(store: Store) {
  const alert: NormalizedAlert = {
    id: randomUUID(),
    source: 'generic',
    service: 'payments',
    title: 'payments down',
    body: '',
    labels: {},
    status: 'firing',
    severityHint: null,
    severityText: null,
    fingerprint: 'payments down',
    receivedAt: T0.toISOString(),
    raw: null,
  };
  await store.watch.enqueue([alert]);
  const [group] = await store.watch.commitGrouped(
    [{ result: { alert, severity: 'critical', confidence: 1, classifier: 'rule', reason: 'r' }, groupKey: 'p' }],
    { now: T0, staleAfterMs: 3_600_000 },
  );
  const steps = [
    { channel: 'call' as const, at: T0 },
    { channel: 'sms' as const, at: new Date(T0.getTime() + 60_000) },
  ];
  return (await store.wake.startLadder(group!.id, steps, T0))!;
}

describe.each(backends)('leadership on $name', (backend) => {
  const test = it.skipIf(backend.skip !== undefined);

  test('a leader records under its token; once another takes over, the old one can send nothing', async () => {
    const options = await backend.fresh();
    const store = await open(options);
    const ladder = await ringingLadder(store);
    const first = store.leadership('a');
    await first.start();
    expect(first.leading()).toBe(true);
    store.fenceWith(first);
    expect(await store.leader()).toEqual({ holder: 'a', token: first.token() });

    const firstToken = first.token()!;
    const claimed = await store.wake.claimStep(ladder.id, 0, T0);
    expect(claimed).toMatchObject({ step: 0, outcome: 'sending' });

    // Another daemon (on SQLite: one started on the same file by mistake) becomes leader.
    const other = await open(options);
    const second = other.leadership('b');
    if (store.kind === 'postgres') {
      // The lock is held: b follows until a lets go.
      await second.start();
      expect(second.leading()).toBe(false);
      await first.close();
      await second.start();
    } else await second.start();
    expect(second.leading()).toBe(true);
    expect(second.token()).toBe(firstToken + 1);

    // a still holds its old token (on PostgreSQL it also let go): its claim is empty, its records refused.
    store.fenceWith({ token: () => firstToken });
    const later = new Date(T0.getTime() + 60_000);
    expect(await store.wake.claimStep(ladder.id, 1, later)).toBeNull();
    await expect(store.wake.addAttempt(claimed!, later)).rejects.toBeInstanceOf(DeposedError);
    await expect(store.digest.claimDigest({ from: T0, to: later }, '{}', ['ntfy'], later)).rejects.toBeInstanceOf(
      DeposedError,
    );

    // The new leader claims the step the old one could not, under its own token.
    other.fenceWith(second);
    expect(await other.wake.claimStep(ladder.id, 1, later)).toMatchObject({ step: 1 });
    const tokens = await other.wake.attemptsOf(ladder.groupId);
    expect(tokens.map((t) => t.step)).toEqual([0, 1]);
    await second.close();
    expect(await other.leader()).toMatchObject({ holder: null });
  });

  test('an unfenced store (a one-shot command) records without a token', async () => {
    const store = await open(await backend.fresh());
    const ladder = await ringingLadder(store);
    expect(await store.wake.claimStep(ladder.id, 0, T0)).toMatchObject({ step: 0 });
  });
});
