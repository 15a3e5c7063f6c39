import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { checkSchema } from '../../core/config.js';
import { scheduleChecks } from './schedule.js';
import { CheckTracker } from './state.js';
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

describe('scheduleChecks: a failed probe is retried sooner', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: 0 });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  /** A run that takes `takes` ms and answers from `outcomes` in turn (then ok), recording start times. */
  function prober(outcomes: boolean[], takes = 0) {
    const starts: number[] = [];
    const run = async () => {
      const at = Date.now();
      starts.push(at);
      if (takes > 0) await new Promise((resolve) => setTimeout(resolve, takes));
      return { ok: outcomes.shift() ?? true, at: new Date(at).toISOString(), ms: takes };
    };
    return { starts, run };
  }

  it('retries retryInterval apart until an outage is confirmed, then at the interval; a recovery as fast', async () => {
    const { starts, run } = prober([false, false, false, false]);
    const controller = new AbortController();
    const done = scheduleChecks([{ ...check('api'), retryInterval: 5000 }], run, { signal: controller.signal });
    await vi.advanceTimersByTimeAsync(200_000);
    // Three failures 5 s apart confirm the outage (failureThreshold 3); the fourth comes at the routine
    // 70 s; the first success (130 s) is confirmed by a second 5 s later (successThreshold 2); then every 60 s.
    expect(starts).toEqual([0, 5000, 10_000, 70_000, 130_000, 135_000, 195_000]);
    controller.abort();
    await done;
  });

  it('retries retryInterval after a hanging probe ends (timeout + retryInterval per failed probe)', async () => {
    const { starts, run } = prober([false, false, false], 7000);
    const controller = new AbortController();
    const done = scheduleChecks([{ ...check('api'), retryInterval: 5000 }], run, { signal: controller.signal });
    await vi.advanceTimersByTimeAsync(100_000);
    // Down after the third (ends at 31 s); the routine run at 84 s succeeds and is confirmed at 96 s.
    expect(starts).toEqual([0, 12_000, 24_000, 84_000, 96_000]);
    controller.abort();
    await vi.advanceTimersByTimeAsync(7000); // the probe in flight ends
    await done;
  });

  it('takes 5 s when the check names no retryInterval, and never waits longer than the interval', async () => {
    const plain = prober([false, false]);
    const controller = new AbortController();
    const done = scheduleChecks([check('plain')], plain.run, { signal: controller.signal });
    await vi.advanceTimersByTimeAsync(20_000);
    expect(plain.starts).toEqual([0, 5000, 10_000]);
    controller.abort();
    await done;

    vi.setSystemTime(0);
    const capped = prober([false, false]);
    const again = new AbortController();
    const cappedDone = scheduleChecks([{ ...check('fast', 2000), retryInterval: 9000 }], capped.run, {
      signal: again.signal,
    });
    await vi.advanceTimersByTimeAsync(6000);
    expect(capped.starts).toEqual([0, 2000, 4000, 6000]);
    again.abort();
    await cappedDone;
  });

  it('keeps the routine interval for runs that hand back nothing, or reject', async () => {
    const runs: number[] = [];
    const controller = new AbortController();
    const done = scheduleChecks(
      [{ ...check('x', 10_000), retryInterval: 1000 }],
      async () => {
        runs.push(Date.now());
        if (runs.length === 2) throw new Error('boom');
        return runs.length === 1 ? undefined : { ok: true };
      },
      { signal: controller.signal, onError: () => {} },
    );
    await vi.advanceTimersByTimeAsync(30_000);
    expect(runs).toEqual([0, 10_000, 20_000, 30_000]);
    controller.abort();
    await done;
  });

  it('leaves no timer behind when aborted while a failing probe is in flight', async () => {
    let fail = () => {};
    const controller = new AbortController();
    const run = vi.fn(() => new Promise<{ ok: boolean }>((resolve) => (fail = () => resolve({ ok: false }))));
    const done = scheduleChecks([check('a')], run, { signal: controller.signal });
    await vi.advanceTimersByTimeAsync(0);
    controller.abort();
    fail();
    await done;
    expect(vi.getTimerCount()).toBe(0);
    expect(run).toHaveBeenCalledTimes(1);
  });

  it('books the retry through injected timers, clearing the routine run it replaces', async () => {
    const booked: Array<{ ms: number; fn: () => void; cleared: boolean }> = [];
    const timers = {
      setTimeout: (fn: () => void, ms: number) => booked.push({ ms, fn, cleared: false }) - 1,
      clearTimeout: (handle: unknown) => {
        booked[handle as number]!.cleared = true;
      },
    };
    const controller = new AbortController();
    const done = scheduleChecks([{ ...check('a'), retryInterval: 3000 }], async () => ({ ok: false }), {
      signal: controller.signal,
      timers,
    });
    booked[0]!.fn(); // the first run: books the routine run at 60 s, then fails
    await vi.advanceTimersByTimeAsync(0);
    expect(booked.map(({ ms, cleared }) => [ms, cleared])).toEqual([
      [0, false],
      [60_000, true],
      [3000, false],
    ]);
    controller.abort();
    await done;
  });
});

describe('detection time with the default check settings (README: "How fast an outage is detected")', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: 0 });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  /**
   * The scheduler and the daemon's tracker on the schema's defaults; the target answers until
   * `outageAt`, then fails each probe after `failingTakes` ms. Returns when the check went down.
   */
  async function downAt(outageAt: number, failingTakes: number): Promise<{ firstFailure: number; down: number }> {
    const defaults = checkSchema.parse({ name: 'api', url: 'https://api.example.com/', service: 'api' });
    const tracker = new CheckTracker(defaults);
    let firstFailure = Number.NaN;
    let down = Number.NaN;
    const run = async () => {
      const started = Date.now();
      const ok = started < outageAt;
      if (!ok) {
        if (Number.isNaN(firstFailure)) firstFailure = started;
        if (failingTakes > 0) await new Promise((resolve) => setTimeout(resolve, failingTakes));
      }
      const result = { ok, at: new Date(started).toISOString(), ms: Date.now() - started };
      if (tracker.observe(result)?.kind === 'down') down = Date.now();
      return result;
    };
    const controller = new AbortController();
    const done = scheduleChecks([defaults], run, { signal: controller.signal });
    await vi.advanceTimersByTimeAsync(200_000);
    controller.abort();
    await vi.advanceTimersByTimeAsync(defaults.timeout);
    await done;
    return { firstFailure, down };
  }

  it('refused connection: down 10 s after the first failing probe, ≤ 70 s after the outage began', async () => {
    // The outage begins just after the probe at 0 s: the next routine probe (60 s) is the first to fail.
    expect(await downAt(1, 0)).toEqual({ firstFailure: 60_000, down: 70_000 });
  });

  it('hanging target: down 31 s after the first failing probe (3 × 7 s timeout + 2 × 5 s), ≤ 91 s', async () => {
    expect(await downAt(1, 7000)).toEqual({ firstFailure: 60_000, down: 91_000 });
  });
});
