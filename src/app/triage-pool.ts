import fs from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Block, BlockResult, BlockSettings } from './triage-block.js';

// The worker is its own entry in dist (tsup.config.ts), beside the chunk this code is bundled
// into. Under the unit tests (src/, TypeScript) there is no such file and runs stay sequential.
const workerUrl = new URL('./triage-worker.js', import.meta.url);

/** Blocks queued on a worker before the main thread takes the next one itself: one running, one ready. */
const QUEUED_PER_WORKER = 2;

interface Waiting {
  resolve(result: BlockResult): void;
  reject(error: unknown): void;
}

/**
 * Worker threads that classify blocks of input (triage-worker.ts), one per core: the main thread
 * keeps reading, cutting and writing, and the blocks are classified side by side. A worker that
 * fails rejects the blocks it held; the caller then classifies them itself.
 */
export class TriagePool {
  private readonly workers: Array<{ worker: Worker; waiting: Map<number, Waiting> }>;

  private constructor(size: number, settings: BlockSettings) {
    this.workers = Array.from({ length: size }, () => {
      const worker = new Worker(workerUrl, { workerData: settings });
      const waiting = new Map<number, Waiting>();
      worker.on('message', (result: BlockResult) => {
        waiting.get(result.seq)?.resolve(result);
        waiting.delete(result.seq);
      });
      const fail = (error: unknown) => {
        for (const w of waiting.values()) w.reject(error);
        waiting.clear();
      };
      worker.on('error', fail);
      worker.on('exit', (code) => fail(new Error(`triage worker exited with code ${code}`)));
      return { worker, waiting };
    });
  }

  /**
   * A pool of one worker per core besides the main thread's (which classifies too), when this
   * build has the worker and the machine has a core to spare; else null.
   */
  static start(settings: BlockSettings): TriagePool | null {
    const size = Math.min(3, os.availableParallelism() - 1);
    if (size < 1 || !fs.existsSync(fileURLToPath(workerUrl))) return null;
    return new TriagePool(size, settings);
  }

  /** How many worker threads. */
  get size(): number {
    return this.workers.length;
  }

  /** True when every worker already has enough queued: the caller had better classify this block itself. */
  get busy(): boolean {
    return this.workers.every(({ waiting }) => waiting.size >= QUEUED_PER_WORKER);
  }

  /** Classifies a block on the least busy worker. */
  submit(block: Block): Promise<BlockResult> {
    const target = this.workers.reduce((a, b) => (b.waiting.size < a.waiting.size ? b : a));
    return new Promise((resolve, reject) => {
      target.waiting.set(block.seq, { resolve, reject });
      target.worker.postMessage(block);
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map(({ worker }) => worker.terminate()));
  }
}
