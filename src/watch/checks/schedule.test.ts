import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { firstRunDelay, scheduleChecks } from './schedule.js';
import type { CheckConfig } from './types.js';

const check = (name: string, interval = 60_000): CheckConfig => ({
  name,
  url: `http://${name}.test/`,
  method: 'GET',
  interval,
  timeout: 7000,
  expect: {},
  service: name,
  failureThreshold: 3,
  successThreshold: 2,
});

describe('scheduleChecks', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: 0 });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  /** Records when (fake ms since start) each check ran. */
  function recorder() {
    const runs: Array<[string, number]> = [];
    const run = async (c: CheckConfig) => {
      runs.push([c.name, Date.now()]);
    };
    return { runs, run };
  }

  it('spreads checks over their interval (check i of n at interval * i / n), then each every interval', async () => {
    const { runs, run } = recorder();
    const controller = new AbortController();
    const done = scheduleChecks([check('a'), check('b'), check('c'), check('d', 10_000)], run, {
      signal: controller.signal,
    });
    await vi.advanceTimersByTimeAsync(125_000);
    expect(runs.filter(([n]) => n !== 'd')).toEqual([
      ['a', 0],
      ['b', 15_000],
      ['c', 30_000],
      ['a', 60_000],
      ['b', 75_000],
      ['c', 90_000],
      ['a', 120_000],
    ]);
    expect(runs.filter(([n]) => n === 'd').map(([, t]) => t)).toEqual([
      7500, 17_500, 27_500, 37_500, 47_500, 57_500, 67_500, 77_500, 87_500, 97_500, 107_500, 117_500,
    ]);
    controller.abort();
    await done;
  });

  it('skips a run while the previous one of the same check is still going', async () => {
    const finish: Array<() => void> = [];
    const starts: number[] = [];
    const skipped: string[] = [];
    const controller = new AbortController();
    const run = () => {
      starts.push(Date.now());
      return new Promise<void>((resolve) => finish.push(resolve));
    };
    const done = scheduleChecks([check('slow', 1000)], run, {
      signal: controller.signal,
      onSkip: (c) => skipped.push(c.name),
    });
    await vi.advanceTimersByTimeAsync(2500); // runs at 0; 1000 and 2000 find it still going
    expect(starts).toEqual([0]);
    expect(skipped).toEqual(['slow', 'slow']);
    finish[0]?.();
    await vi.advanceTimersByTimeAsync(1000);
    expect(starts).toEqual([0, 3000]);
    controller.abort();
    finish[1]?.();
    await done;
  });

  it('keeps going when a run rejects, and hands the error to onError', async () => {
    const errors: unknown[] = [];
    const controller = new AbortController();
    const run = vi.fn(async () => {
      throw new Error('boom');
    });
    const done = scheduleChecks([check('x', 1000)], run, {
      signal: controller.signal,
      onError: (_c, e) => errors.push(e),
    });
    await vi.advanceTimersByTimeAsync(2500);
    expect(run).toHaveBeenCalledTimes(3);
    expect(errors).toHaveLength(3);
    controller.abort();
    await done;
  });

  it('stops on abort: no timers left, resolves after the run in flight settles', async () => {
    let release = () => {};
    const run = vi.fn(() => new Promise<void>((resolve) => (release = resolve)));
    const controller = new AbortController();
    let settled = false;
    const done = scheduleChecks([check('a'), check('b')], run, { signal: controller.signal }).then(
      () => (settled = true),
    );
    await vi.advanceTimersByTimeAsync(0); // 'a' runs and hangs; 'b' is booked for 30 s
    controller.abort();
    expect(vi.getTimerCount()).toBe(0);
    await vi.advanceTimersByTimeAsync(0);
    expect(settled).toBe(false);
    release();
    await done;
    await vi.advanceTimersByTimeAsync(120_000);
    expect(run).toHaveBeenCalledTimes(1);
  });

  it('does nothing with an already aborted signal', async () => {
    const run = vi.fn(async () => {});
    await scheduleChecks([check('a')], run, { signal: AbortSignal.abort() });
    expect(vi.getTimerCount()).toBe(0);
    expect(run).not.toHaveBeenCalled();
  });

  it('uses injected timers when given', async () => {
    const booked: number[] = [];
    const timers = { setTimeout: (_fn: () => void, ms: number) => booked.push(ms), clearTimeout: vi.fn() };
    const controller = new AbortController();
    const done = scheduleChecks([check('a'), check('b'), check('c')], async () => {}, {
      signal: controller.signal,
      timers,
    });
    expect(booked).toEqual([0, 20_000, 40_000]);
    controller.abort();
    await done;
    expect(timers.clearTimeout).toHaveBeenCalledTimes(3);
  });
});

describe('firstRunDelay', () => {
  it('is a deterministic offset inside the interval', () => {
    expect([0, 1, 2, 3].map((i) => firstRunDelay(60_000, i, 4))).toEqual([0, 15_000, 30_000, 45_000]);
    expect(firstRunDelay(1000, 2, 3)).toBe(666);
  });
});
