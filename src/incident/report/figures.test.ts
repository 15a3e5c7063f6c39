import { describe, expect, it } from 'vitest';
import { atLeast, mean, mergeHist, pct, percentile } from './figures.js';

describe('report figures', () => {
  it('takes nearest-rank percentiles from a histogram', () => {
    const hist: [number, number][] = [
      [10, 50],
      [20, 45],
      [90, 4],
      [500, 1],
    ];
    expect(percentile(hist, 50)).toBe(10);
    expect(percentile(hist, 51)).toBe(20);
    expect(percentile(hist, 95)).toBe(20);
    expect(percentile(hist, 99)).toBe(90);
    expect(percentile(hist, 100)).toBe(500);
    expect(percentile([], 50)).toBeNull();
    expect(mean(hist)).toBe(22.6);
    expect(atLeast(hist, 90)).toBe(5);
  });

  it('merges histograms and divides only by something', () => {
    expect(
      mergeHist([
        [[5, 1]],
        [
          [3, 2],
          [5, 1],
        ],
      ]),
    ).toEqual([
      [3, 2],
      [5, 2],
    ]);
    expect(pct(1, 3)).toBe(33.333);
    expect(pct(1, 0)).toBeNull();
  });
});
