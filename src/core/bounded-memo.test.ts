import { describe, expect, it } from 'vitest';
import { BoundedMemo } from './bounded-memo.js';

describe('BoundedMemo', () => {
  it('keeps short keys, never a key past maxKeyLength, and starts again when full', () => {
    const memo = new BoundedMemo<number>(2, 4);
    memo.set('a', 1);
    memo.set('toolong', 2);
    expect(memo.get('a')).toBe(1);
    expect(memo.get('toolong')).toBeUndefined();
    memo.set('b', 3);
    memo.set('c', 4);
    expect([memo.get('a'), memo.get('b'), memo.get('c')]).toEqual([undefined, undefined, 4]);
  });
});
