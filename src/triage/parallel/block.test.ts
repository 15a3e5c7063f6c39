import { describe, expect, it } from 'vitest';
import { BlockSplitter } from './block.js';
import { charactersScanned } from '../../../test/helpers/characters-scanned.js';

describe('BlockSplitter', () => {
  it('cuts at the last newline and numbers lines as PayloadReader does (\\r\\n, lone \\r, \\n)', () => {
    const splitter = new BlockSplitter({ rest: 'partial ', linesBefore: 4 });
    expect(splitter.push('line 5\r\nline 6\rline 7\nline')).toEqual({
      seq: 0,
      text: 'partial line 5\r\nline 6\rline 7\n',
      linesBefore: 4,
    });
    expect(splitter.push(' 8 without end')).toBeNull();
    expect(splitter.end()).toEqual({ seq: 1, text: 'line 8 without end', linesBefore: 7 });
    expect(splitter.end()).toBeNull();
  });

  it('scans each chunk of a line longer than many chunks once, not the whole carried text again', () => {
    const chunk = 'x'.repeat(1000);
    const splitter = new BlockSplitter({ rest: 'start ', linesBefore: 2 });
    const pushed: Array<ReturnType<BlockSplitter['push']>> = [];
    const scanned = charactersScanned(() => {
      for (let i = 0; i < 1000; i++) pushed.push(splitter.push(chunk));
    });
    expect(pushed.every((block) => block === null)).toBe(true);
    // 1,000 characters a chunk: rescanning the carried text would be ~500 million in all.
    expect(scanned).toBeLessThanOrEqual(2 * 1000 * chunk.length);
    expect(splitter.push('y\nnext')).toEqual({ seq: 0, text: `start ${chunk.repeat(1000)}y\n`, linesBefore: 2 });
    expect(splitter.push('')).toBeNull();
    expect(splitter.push(' line')).toBeNull();
    expect(splitter.end()).toEqual({ seq: 1, text: 'next line', linesBefore: 3 });
  });
});
