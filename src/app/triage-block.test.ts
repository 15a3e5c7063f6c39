import { describe, expect, it } from 'vitest';
import { loadShippedModel } from '../triage/shipped.js';
import { BlockSplitter, triageBlock } from './triage-block.js';
import { PayloadReader } from './triage-input.js';

const local = { rules: [], model: loadShippedModel() };

describe('BlockSplitter', () => {
  it('cuts at the last newline and numbers lines as PayloadReader does (\\r\\n, lone \\r, \\n)', () => {
    const splitter = new BlockSplitter({ rest: 'partial ', linesBefore: 4 });
    expect(splitter.push('line 5\r\nline 6\rline 7\nline')).toEqual({ seq: 0, text: 'partial line 5\r\nline 6\rline 7\n', linesBefore: 4 });
    expect(splitter.push(' 8 without end')).toBeNull();
    expect(splitter.end()).toEqual({ seq: 1, text: 'line 8 without end', linesBefore: 7 });
    expect(splitter.end()).toBeNull();
  });
});

describe('triageBlock', () => {
  it('gives the lines the sequential reader gives them, and rejects malformed ones by number', () => {
    const text = '{"title":"payments down","service":"payments"}\n{"title": "broken\nNov 22 03:04:05 web1 app[1]: ERROR disk full\n';
    const result = triageBlock({ seq: 3, text, linesBefore: 100 }, local, false);
    expect(result.continuesDocument).toBe(false);
    expect(result.rejected).toEqual([[102, 'invalid JSON']]);
    const lines = result.json.split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => l.source)).toEqual(['generic', 'text']);
    expect(result.bySeverity.critical + result.bySeverity.warning + result.bySeverity.info).toBe(2);
    const sequential = new PayloadReader(100).push(text);
    expect(sequential.filter((item) => 'error' in item).map((item) => item.line)).toEqual([102]);
  });

  it('hands a block that ends inside a multi-line document back to be read in sequence', () => {
    const result = triageBlock({ seq: 0, text: '{"title":"x"}\n{\n  "title": "pretty",\n', linesBefore: 0 }, local, false);
    expect(result).toMatchObject({ continuesDocument: true, json: '', rejected: [] });
  });
});
