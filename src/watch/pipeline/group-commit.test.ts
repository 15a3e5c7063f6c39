import { describe, expect, it } from 'vitest';
import type { NormalizedAlert } from '../../core/alert.js';
import { groupCommit } from './group-commit.js';

const alert = (id: string) => ({ id }) as NormalizedAlert;

describe('group commit of the inbox', () => {
  it('writes requests that arrive together in one transaction, and later ones in the next', async () => {
    const writes: string[][] = [];
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const enqueue = groupCommit(async (alerts) => {
      writes.push(alerts.map((a) => a.id));
      if (writes.length === 1) await gate;
    });
    const first = [enqueue([alert('a')]), enqueue([alert('b'), alert('c')])];
    await new Promise((resolve) => setImmediate(resolve));
    // While the first commit runs, more requests queue up for the next one.
    const second = [enqueue([alert('d')]), enqueue([alert('e')])];
    release();
    await Promise.all([...first, ...second]);
    expect(writes).toEqual([
      ['a', 'b', 'c'],
      ['d', 'e'],
    ]);
  });

  it('a failed transaction refuses each request that fails alone too; the next batch is tried afresh', async () => {
    let failing = true;
    const enqueue = groupCommit(async () => {
      if (failing) throw new Error('disk full');
    });
    const outcomes = await Promise.allSettled([enqueue([alert('a')]), enqueue([alert('b')])]);
    expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'rejected']);
    failing = false;
    await expect(enqueue([alert('c')])).resolves.toBeUndefined();
  });

  it('one request that cannot be written fails alone: the others in its transaction still commit', async () => {
    const committed: string[] = [];
    const enqueue = groupCommit(async (alerts) => {
      if (alerts.some((a) => a.id === 'poison')) throw new Error('Maximum call stack size exceeded');
      committed.push(...alerts.map((a) => a.id));
    });
    const outcomes = await Promise.allSettled([
      enqueue([alert('a')]),
      enqueue([alert('poison')]),
      enqueue([alert('b'), alert('c')]),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(committed).toEqual(['a', 'b', 'c']);
  });
});
