import { Worker } from 'node:worker_threads';

/** One statement of a bulk write: SQL text and its rows of bound values, flattened in order when run. */
export interface BulkStatement {
  sql: string;
  rows: Array<Array<string | number | null>>;
}

/** Runs statements in one transaction, somewhere else than the calling thread. */
export type BulkWrite = (statements: BulkStatement[]) => Promise<void>;

/**
 * A worker thread with its own connection to the SQLite file, started on first use. Writes run
 * one at a time in the order given; each resolves once committed, so a later read on the main
 * connection sees it. Failures come back as errors with SQLite's `code`, for describeSqliteError.
 */
export class SqliteInsertWorker {
  private worker: Worker | undefined;
  private nextId = 0;
  private readonly waiting = new Map<number, { resolve(): void; reject(error: unknown): void }>();

  constructor(
    private readonly file: string,
    private readonly busyTimeoutMs: number,
  ) {}

  readonly write: BulkWrite = (statements) =>
    new Promise<void>((resolve, reject) => {
      const id = this.nextId++;
      this.waiting.set(id, { resolve, reject });
      const worker = this.start();
      worker.ref(); // a pending write keeps the process alive; an idle worker does not
      // One JSON string rather than the structured clone of thousands of values: on the main
      // thread, which is the busy one, that clone cost twice as much as JSON.stringify.
      worker.postMessage({ id, statements: JSON.stringify(statements) });
    });

  /** Stops the thread; writes still waiting fail. */
  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    if (worker) await worker.terminate();
    this.failAll(new Error('the SQLite insert worker was closed'));
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(new URL('./sqlite-insert-worker.js', import.meta.url), {
      workerData: { file: this.file, busyTimeoutMs: this.busyTimeoutMs },
    });
    worker.on('message', ({ id, error }: { id: number; error?: { message: string; code?: string } }) => {
      const waiter = this.waiting.get(id);
      this.waiting.delete(id);
      if (this.waiting.size === 0) worker.unref();
      if (!error) waiter?.resolve();
      else waiter?.reject(Object.assign(new Error(error.message), { code: error.code }));
    });
    // Opening the file or loading the driver failed, or the thread died: nothing more will be written.
    worker.on('error', (error) => this.failAll(error));
    worker.on('exit', () => this.failAll(new Error('the SQLite insert worker stopped')));
    this.worker = worker;
    return worker;
  }

  private failAll(error: unknown): void {
    for (const waiter of this.waiting.values()) waiter.reject(error);
    this.waiting.clear();
    this.worker = undefined;
  }
}
