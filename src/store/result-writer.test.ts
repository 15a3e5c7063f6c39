import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { TriageResult } from '../core/alert.js';
import { ExternalError } from '../core/errors.js';
import type { Store } from './types.js';
import { ResultWriter } from './result-writer.js';

/** A store that writes a batch all or nothing, like a transaction, and refuses what `refuse` says. */
function fakeStore(refuse: (result: TriageResult) => Error | undefined) {
  const stored: string[] = [];
  const store = {
    insertTriageResults: async (results: readonly TriageResult[]) => {
      for (const result of results) {
        const error = refuse(result);
        if (error) throw error;
      }
      stored.push(...results.map((result) => result.alert.title));
    },
  } as unknown as Store;
  return { store, stored };
}

function result(title: string): TriageResult {
  return {
    alert: { id: randomUUID(), title } as TriageResult['alert'],
    severity: 'warning',
    confidence: 0.5,
    classifier: 'model',
    reason: 'test',
  };
}

describe('ResultWriter', () => {
  it('stores the rest of a batch when the store refuses one result, and reports that result by its line', async () => {
    const { store, stored } = fakeStore((r) =>
      r.alert.title === 'bad' ? new RangeError('Maximum call stack size exceeded') : undefined,
    );
    const rejected: Array<[number, string]> = [];
    const writer = new ResultWriter(store, (line, reason) => rejected.push([line, reason]));
    for (const [i, title] of ['a', 'b', 'bad', 'c'].entries()) writer.add(result(title), i + 1);
    await writer.close();
    expect(stored).toEqual(['a', 'b', 'c']);
    expect(rejected).toEqual([[3, 'classified but not stored: Maximum call stack size exceeded']]);
  });

  it('stops at a failure of the store itself instead of blaming each line', async () => {
    const down = new ExternalError('the database is locked by another process');
    const { store, stored } = fakeStore(() => down);
    const rejected: Array<[number, string]> = [];
    const writer = new ResultWriter(store, (line, reason) => rejected.push([line, reason]));
    writer.add(result('a'), 1);
    writer.add(result('b'), 2);
    await expect(writer.close()).rejects.toBe(down);
    expect(stored).toEqual([]);
    expect(rejected).toEqual([]);
  });
});
