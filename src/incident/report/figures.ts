import { formatDuration } from '../flow.js';
import type { Share } from './types.js';

/** a / b × 100 rounded to three decimals; null when b is 0. */
export function pct(a: number, b: number): number | null {
  return b === 0 ? null : Math.round((a / b) * 100_000) / 1000;
}

export const share = (count: number, of: number): Share => ({ count, pct: pct(count, of) });

/**
 * The nearest-rank percentile of a histogram ([value, count] pairs, values ascending): the smallest
 * value with at least p % of the samples at or below it. Null without samples.
 */
export function percentile(hist: readonly (readonly [number, number])[], p: number): number | null {
  const n = hist.reduce((sum, [, c]) => sum + c, 0);
  if (n === 0) return null;
  const rank = Math.max(1, Math.ceil((p / 100) * n));
  let seen = 0;
  for (const [value, count] of hist) {
    seen += count;
    if (seen >= rank) return value;
  }
  return hist[hist.length - 1]![0];
}

/** The mean of a histogram, rounded to 0.1 ms; null without samples. */
export function mean(hist: readonly (readonly [number, number])[]): number | null {
  let n = 0;
  let sum = 0;
  for (const [value, count] of hist) {
    n += count;
    sum += value * count;
  }
  return n === 0 ? null : Math.round((sum / n) * 10) / 10;
}

/** Samples at or above a value. */
export const atLeast = (hist: readonly (readonly [number, number])[], min: number): number =>
  hist.reduce((sum, [value, count]) => (value >= min ? sum + count : sum), 0);

/** Merges several histograms into one, values ascending. */
export function mergeHist(hists: readonly (readonly (readonly [number, number])[])[]): [number, number][] {
  const all = new Map<number, number>();
  for (const hist of hists) for (const [value, count] of hist) all.set(value, (all.get(value) ?? 0) + count);
  return [...all.entries()].sort((a, b) => a[0] - b[0]);
}

/** "3h 58m"; "0m" for nothing. */
export const humanDuration = (ms: number): string => (ms <= 0 ? '0m' : formatDuration(ms));
