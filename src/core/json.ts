/** A plain JSON object (not an array, not null). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * How deep a JSON value may nest. Real webhook bodies stay under ~20 levels; past a few
 * thousand, the recursive code that later walks or writes a value (JSON.stringify, the
 * sources) overflows the stack, so a deeper value is refused where it is parsed.
 */
export const MAX_JSON_DEPTH = 100;

/**
 * True when `value` nests more than `max` arrays/objects deep. Iterative, so it cannot itself
 * overflow the stack on the very input it guards against.
 */
export function tooDeep(value: unknown, max = MAX_JSON_DEPTH): boolean {
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length > 0) {
    const [current, depth] = stack.pop()!;
    if (typeof current !== 'object' || current === null) continue;
    if (depth >= max) return true;
    for (const child of Array.isArray(current) ? current : Object.values(current)) {
      if (typeof child === 'object' && child !== null) stack.push([child, depth + 1]);
    }
  }
  return false;
}
