import type { TriageResult } from '../core/alert.js';
import type { Store } from '../store/types.js';

/** How many results go into one transaction; also the most a crash can lose between flushes. */
const BATCH_SIZE = 500;
/** With a slow stream (`tail -f`), results waiting for a full batch are written after this. */
const IDLE_FLUSH_MS = 1_000;

/**
 * Writes triage results in batched transactions (one per BATCH_SIZE results), in input order.
 * Flushes are chained so they never overlap; `close()` writes what is left.
 */
export class ResultWriter {
  private buffer: TriageResult[] = [];
  private chain: Promise<void> = Promise.resolve();
  private timer: NodeJS.Timeout | undefined;
  private failure: unknown;

  constructor(private readonly store: Store) {}

  add(result: TriageResult): void {
    if (this.failure) throw this.failure;
    this.buffer.push(result);
    if (this.buffer.length >= BATCH_SIZE) this.flush();
    else if (!this.timer) this.timer = setTimeout(() => this.flush(), IDLE_FLUSH_MS).unref();
  }

  private flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.buffer.length === 0) return;
    const batch = this.buffer;
    this.buffer = [];
    this.chain = this.chain.then(() => this.store.insertTriageResults(batch)).catch((error: unknown) => {
      this.failure ??= error;
    });
  }

  /** Writes the rest and reports the first write failure, if any. */
  async close(): Promise<void> {
    this.flush();
    await this.chain;
    if (this.failure) throw this.failure;
  }
}
