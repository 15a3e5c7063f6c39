/**
 * The total length of the strings searched by String methods while `work` runs: a measure of the
 * work a text splitter does that does not depend on the machine's speed (tests never time). An
 * upper bound: each search counts as reaching the end of its string (from its start index).
 */
export function charactersScanned(work: () => void): number {
  const names = [
    'indexOf',
    'lastIndexOf',
    'includes',
    'search',
    'match',
    'matchAll',
    'split',
    'replace',
    'replaceAll',
  ] as const;
  const proto = String.prototype as unknown as Record<string, (...args: unknown[]) => unknown>;
  const originals = names.map((name) => [name, proto[name]!] as const);
  let total = 0;
  for (const [name, original] of originals) {
    proto[name] = function (this: string, ...args: unknown[]) {
      const length = String(this).length;
      // indexOf(x, from) and includes(x, from) search only from `from` on.
      const from =
        (name === 'indexOf' || name === 'includes') && typeof args[1] === 'number' ? Math.max(0, args[1]) : 0;
      total += length - Math.min(from, length);
      return original.apply(this, args);
    };
  }
  try {
    work();
  } finally {
    for (const [name, original] of originals) proto[name] = original;
  }
  return total;
}
