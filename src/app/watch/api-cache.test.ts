import { afterEach, describe, expect, it, vi } from 'vitest';
import { cached } from './api-cache.js';

afterEach(() => {
  vi.useRealTimers();
});

/** A load whose calls the test resolves itself, one by one. */
function loads() {
  const pending: Array<(value: number) => void> = [];
  let calls = 0;
  return {
    load: () => {
      calls++;
      return new Promise<number>((resolve) => pending.push(resolve));
    },
    resolveNext: (value: number) => pending.shift()!(value),
    calls: () => calls,
  };
}

describe('the API cache', () => {
  it('shares one computation, answers a stale value while refreshing, and waits when too old', async () => {
    vi.useFakeTimers({ now: 0, toFake: ['Date'] });
    const source = loads();
    const value = cached(source.load, 1_000);
    const first = [value.get(), value.get()];
    source.resolveNext(1);
    expect(await Promise.all(first)).toEqual([1, 1]);
    expect(source.calls()).toBe(1);

    vi.setSystemTime(1_500); // past its age: the old value now, a new one computed behind it
    expect(await value.get()).toBe(1);
    expect(source.calls()).toBe(2);
    source.resolveNext(2);
    await Promise.resolve();
    expect(await value.get()).toBe(2);

    vi.setSystemTime(3_000); // a caller that wants it fresh waits for the new value
    const fresh = value.get({ fresh: true });
    source.resolveNext(3);
    expect(await fresh).toBe(3);

    vi.setSystemTime(60_000); // far too old to answer: the caller waits for the fresh one
    const waited = value.get();
    source.resolveNext(4);
    expect(await waited).toBe(4);
  });

  it('forgets on drop, and does not keep a computation that started before the drop', async () => {
    vi.useFakeTimers({ now: 0, toFake: ['Date'] });
    const source = loads();
    const value = cached(source.load, 1_000);
    const before = value.get(); // started before a write
    value.drop(); // the write
    const after = value.get();
    source.resolveNext(1); // the old read finishes: answered to its caller, not kept
    source.resolveNext(2);
    expect([await before, await after]).toEqual([1, 2]);
    expect(await value.get()).toBe(2);
    expect(source.calls()).toBe(2);
  });

  it('does not keep a failure', async () => {
    let calls = 0;
    const value = cached(async () => {
      calls++;
      if (calls === 1) throw new Error('store away');
      return 'ok';
    }, 1_000);
    await expect(value.get()).rejects.toThrow('store away');
    expect(await value.get()).toBe('ok');
  });
});
