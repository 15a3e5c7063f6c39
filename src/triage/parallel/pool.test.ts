import { EventEmitter } from 'node:events';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Block } from './block.js';

// Worker threads replaced by scripted fakes: the pool's bookkeeping (which block went where, what
// a failed block or a dead worker does) is what is under test, not a real thread.
type Script = (worker: FakeWorker, block: Block) => void;
const scripts: Script[] = [];
const started: FakeWorker[] = [];

class FakeWorker extends EventEmitter {
  readonly script: Script;
  constructor() {
    super();
    this.script = scripts[started.length] ?? (() => {});
    started.push(this);
  }
  postMessage(block: Block): void {
    this.script(this, block);
  }
  terminate(): Promise<number> {
    return Promise.resolve(0);
  }
}

vi.mock('node:worker_threads', () => ({ Worker: FakeWorker }));
vi.mock('node:os', async (original) => {
  const os = (await original()) as { default: object };
  return { default: { ...os.default, availableParallelism: () => 3 } };
});
vi.mock('node:fs', async (original) => {
  const fs = (await original()) as { default: object };
  return { default: { ...fs.default, existsSync: () => true } };
});

const { TriagePool } = await import('./pool.js');
const settings = { rules: [], corrections: [], severityMap: {}, model: null, explain: false };
const block = (seq: number): Block => ({ seq, text: 'x\n', linesBefore: 0 });
const answer = (seq: number) => ({
  seq,
  continuesDocument: false,
  json: new Uint8Array(0),
  bySeverity: { critical: 0, warning: 0, info: 0 },
  rejected: [],
});

afterEach(() => {
  scripts.length = 0;
  started.length = 0;
});

describe('TriagePool', () => {
  it('rejects a block its worker could not classify and keeps that worker for the next block', async () => {
    scripts.push((worker, b) =>
      queueMicrotask(() => worker.emit('message', b.seq === 0 ? { seq: 0, failed: 'boom' } : answer(b.seq))),
    );
    scripts.push((worker, b) => queueMicrotask(() => worker.emit('message', answer(b.seq))));
    const pool = TriagePool.start(settings)!;
    expect(pool.size).toBe(2);
    await expect(pool.submit(block(0))).rejects.toThrow('boom');
    await expect(pool.submit(block(1))).resolves.toMatchObject({ seq: 1 });
    await expect(pool.submit(block(2))).resolves.toMatchObject({ seq: 2 });
    expect(pool.busy).toBe(false);
    await pool.close();
  });

  it('sends no block to a worker that has exited, and is busy (the caller classifies) when none is left', async () => {
    const pool = TriagePool.start(settings)!;
    // Both workers die before taking a block (a worker that fails while loading, say).
    for (const worker of started) worker.emit('exit', 1);
    expect(pool.busy).toBe(true);
    await expect(pool.submit(block(0))).rejects.toThrow(/no triage worker/);
    await pool.close();
  });
});
