import { describe, expect, it } from 'vitest';
import { DEFAULT_CHUNK_POLICY, nextBatchSize, Pacer } from './maintenance-chunks.js';

// Each step of housekeeping is one statement the daemon's thread runs synchronously; these check
// the sizes steps are given, never how long they take.

describe('nextBatchSize', () => {
  const policy = { targetMs: 20, min: 50, max: 5_000 };

  it('never grows past the cap, however fast steps are (0 ms included)', () => {
    let size = policy.min;
    for (let i = 0; i < 100; i++) {
      size = nextBatchSize(size, i % 2 === 0 ? 0 : 0.001, policy);
      expect(size).toBeLessThanOrEqual(policy.max);
    }
    expect(size).toBe(policy.max);
  });

  it('at most doubles a step, shrinks toward the target when a step was slow, and never below the floor', () => {
    expect(nextBatchSize(100, 1, policy)).toBe(200);
    expect(nextBatchSize(1_000, 40, policy)).toBe(500);
    expect(nextBatchSize(100, 10_000, policy)).toBe(policy.min);
    expect(nextBatchSize(100, Number.NaN, policy)).toBeLessThanOrEqual(policy.max);
  });

  it('keeps the default cap small enough for a bounded step', () => {
    expect(DEFAULT_CHUNK_POLICY.max).toBeLessThanOrEqual(10_000);
    expect(DEFAULT_CHUNK_POLICY.targetMs).toBeLessThan(50);
  });
});

describe('Pacer.batched', () => {
  it('asks for at most the cap per step on a table of a million rows, and stops at a short step', async () => {
    const pacer = new Pacer({ targetMs: 20, min: 50, max: 2_000 });
    let left = 1_000_000;
    const asked: number[] = [];
    const total = await pacer.batched(async (size) => {
      asked.push(size);
      const done = Math.min(size, left);
      left -= done;
      return done;
    });
    expect(total).toBe(1_000_000);
    expect(Math.max(...asked)).toBe(2_000);
    expect(pacer.largestBatch).toBe(2_000);
    expect(asked.at(-1)).toBeGreaterThan(0);
  });

  it('stops between steps once its signal is aborted', async () => {
    const abort = new AbortController();
    const pacer = new Pacer(DEFAULT_CHUNK_POLICY, abort.signal);
    let steps = 0;
    const run = pacer.batched(async (size) => {
      if (++steps === 3) abort.abort(new Error('stopping'));
      return size;
    });
    await expect(run).rejects.toThrow('stopping');
    expect(steps).toBe(3);
  });
});
