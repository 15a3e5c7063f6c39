/**
 * Splits `items` for multi-row statements so that only a few statement texts ever exist: full
 * chunks of `max`, then the rest in descending powers of two (100 → 64, 32, 4). Each distinct row
 * count is a distinct SQL text, and SQLite keeps a prepared statement's program (hundreds of KB
 * for a few hundred rows) outside the JavaScript heap: with one text per batch size, a daemon
 * under load prepared hundreds of large statements, its LRU of 64 kept evicting them, and the
 * evicted ones held their native memory until a full GC that the small JS heap rarely asked for
 * (issue 17: RSS 103 → 361 MB). With these sizes a statement family has at most log2(max) + 2 texts.
 */
export function sizedChunks<T>(items: readonly T[], max: number): T[][] {
  const chunks: T[][] = [];
  let start = 0;
  while (items.length - start >= max) {
    chunks.push(items.slice(start, start + max));
    start += max;
  }
  for (let size = highestPowerOfTwo(max); start < items.length; size >>= 1) {
    if (items.length - start >= size) {
      chunks.push(items.slice(start, start + size));
      start += size;
    }
  }
  return chunks;
}

function highestPowerOfTwo(n: number): number {
  let p = 1;
  while (p * 2 <= n) p *= 2;
  return p;
}
