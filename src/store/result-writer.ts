import type { TriageResult } from '../core/alert.js';
import { ExternalError, UserError, messageOf } from '../core/errors.js';
import type { Store } from './types.js';

/** How many results go into one transaction; also the most a crash can lose between flushes. */
const BATCH_SIZE = 500;
/** With a slow stream (`tail -f`), results waiting for a full batch are written after this. */
const IDLE_FLUSH_MS = 1_000;

/**
 * Writes triage results in batched transactions (one per BATCH_SIZE results), in input order.
 * Flushes are chained so they never overlap; `close()` writes what is left. A result the store
 * refuses on its own (one that cannot be serialized, say) would fail its whole batch: the batch is
 * then written one result at a time, and only the refused results' lines are reported to
 * `onRejected`. A failure of the store itself (ExternalError, UserError) stops the run.
 */
export class ResultWriter {
  private buffer: Array<{ result: TriageResult; line: number }> = [];
  private chain: Promise<void> = Promise.resolve();
  private timer: NodeJS.Timeout | undefined;
  private failure: unknown;

  constructor(
    private readonly store: Store,
    private readonly onRejected: (line: number, reason: string) => void,
  ) {}

  /** Queues a result read from input line `line`; throws once a write has failed. */
  add(result: TriageResult, line: number): void {
    if (this.failure) throw this.failure;
    this.buffer.push({ result, line });
    if (this.buffer.length >= BATCH_SIZE) this.flush();
    else if (!this.timer) this.timer = setTimeout(() => this.flush(), IDLE_FLUSH_MS).unref();
  }

  private flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.buffer.length === 0) return;
    const batch = this.buffer;
    this.buffer = [];
    this.chain = this.chain
      .then(() => this.write(batch))
      .catch((error: unknown) => {
        this.failure ??= error;
      });
  }

  private async write(batch: Array<{ result: TriageResult; line: number }>): Promise<void> {
    if (this.failure) return;
    try {
      await this.store.insertTriageResults(batch.map((entry) => entry.result));
    } catch (error) {
      if (isStoreFailure(error)) throw error;
      // Known ids are skipped on insert, so writing a result twice is harmless.
      for (const { result, line } of batch) {
        try {
          await this.store.insertTriageResults([result]);
        } catch (alone) {
          if (isStoreFailure(alone)) throw alone;
          this.onRejected(line, `classified but not stored: ${messageOf(alone)}`);
        }
      }
    }
  }

  /** Writes the rest and reports the first write failure, if any. */
  async close(): Promise<void> {
    this.flush();
    await this.chain;
    if (this.failure) throw this.failure;
  }
}

/** The store translates its own failures (locked, read-only, unreachable…) into these. */
function isStoreFailure(error: unknown): boolean {
  return error instanceof ExternalError || error instanceof UserError;
}
