import fs from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Block, BlockFailure, BlockResult, BlockSettings } from './block.js';

// The worker is its own entry in dist (tsup.config.ts), beside the chunk this code is bundled
// into. Under the unit tests (src/, TypeScript) there is no such file and runs stay sequential.
const workerUrl = new URL('./triage-worker.js', import.meta.url);

/** Blocks queued on a worker before the main thread takes the next one itself: one running, one ready. */
const QUEUED_PER_WORKER = 2;

interface Waiting {
  resolve(result: BlockResult): void;
  reject(error: unknown): void;
}

interface PoolWorker {
  worker: Worker;
  waiting: Map<number, Waiting>;
  /** Exited or failed: it takes no more blocks. */
  dead: boolean;
}

/**
 * Worker threads that classify blocks of input (worker.ts, built as dist/triage-worker.js), one
 * per core: the main thread keeps reading, cutting and writing, and the blocks are classified side
 * by side. A block a worker cannot classify is rejected, and a worker that fails rejects the
 * blocks it held and takes no more; the caller then classifies them itself.
 */
export class TriagePool {
  private readonly workers: PoolWorker[];

  private constructor(size: number, settings: BlockSettings) {
    this.workers = Array.from({ length: size }, () => {
      const entry: PoolWorker = {
        worker: new Worker(workerUrl, { workerData: settings }),
        waiting: new Map(),
        dead: false,
      };
      const { worker, waiting } = entry;
      worker.on('message', (answer: BlockResult | BlockFailure) => {
        const waiter = waiting.get(answer.seq);
        waiting.delete(answer.seq);
        if ('failed' in answer) waiter?.reject(new Error(answer.failed));
        else waiter?.resolve(answer);
      });
      const fail = (error: unknown) => {
        entry.dead = true;
        for (const w of waiting.values()) w.reject(error);
        waiting.clear();
      };
      worker.on('error', fail);
      worker.on('exit', (code) => fail(new Error(`triage worker exited with code ${code}`)));
      return entry;
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

  /**
   * True when every live worker already has enough queued (or none is left): the caller had
   * better classify this block itself.
   */
  get busy(): boolean {
    return this.workers.every(({ waiting, dead }) => dead || waiting.size >= QUEUED_PER_WORKER);
  }

  /** Classifies a block on the least busy live worker; rejects at once when none is left. */
  submit(block: Block): Promise<BlockResult> {
    const live = this.workers.filter((w) => !w.dead);
    if (live.length === 0) return Promise.reject(new Error('no triage worker is left'));
    const target = live.reduce((a, b) => (b.waiting.size < a.waiting.size ? b : a));
    return new Promise((resolve, reject) => {
      target.waiting.set(block.seq, { resolve, reject });
      target.worker.postMessage(block);
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map(({ worker }) => worker.terminate()));
  }
}
