import { describe, expect, it } from 'vitest';
import { sizedChunks } from './chunks.js';

describe('sizedChunks', () => {
  it('keeps every item once, in order', () => {
    const items = Array.from({ length: 1234 }, (_, i) => i);
    expect(sizedChunks(items, 500).flat()).toEqual(items);
    expect(sizedChunks([], 500)).toEqual([]);
    expect(sizedChunks([1, 2, 3], 1).map((c) => c.length)).toEqual([1, 1, 1]);
  });

  it('uses full chunks of max, then descending powers of two', () => {
    const sizes = (n: number, max: number) => sizedChunks(Array.from({ length: n }), max).map((c) => c.length);
    expect(sizes(100, 500)).toEqual([64, 32, 4]);
    expect(sizes(1100, 500)).toEqual([500, 500, 64, 32, 4]);
    expect(sizes(1000, 1000)).toEqual([1000]);
    expect(sizes(7, 1000)).toEqual([4, 2, 1]);
  });

  it('gives a statement family at most log2(max) + 2 row counts, whatever the batch sizes', () => {
    for (const max of [500, 1000]) {
      const seen = new Set<number>();
      for (let n = 1; n <= 3 * max; n++)
        for (const chunk of sizedChunks(Array.from({ length: n }), max)) seen.add(chunk.length);
      expect(seen.size).toBeLessThanOrEqual(Math.floor(Math.log2(max)) + 2);
    }
  });
});
