import { performance } from 'node:perf_hooks';
import { type Kysely, sql } from 'kysely';
import type { Database } from './schema.js';

/**
 * Housekeeping (roll-ups, deletes) in small steps. better-sqlite3 runs each statement
 * synchronously on the daemon's one thread and connection, so one big DELETE would hold off
 * ingest for seconds; each step here is one short statement, timed, followed by a yield.
 */

/** How big a step may get: rows per statement, adapted so a step takes about `targetMs`. */
export interface ChunkPolicy {
  targetMs: number;
  min: number;
  /** The hard cap: however fast steps are, a batch never grows past it. */
  max: number;
}

/** 20 ms a step leaves room under the 50 ms ingest budget for a slower disk or a bigger row. */
export const DEFAULT_CHUNK_POLICY: ChunkPolicy = { targetMs: 10, min: 50, max: 2_000 };

/**
 * The next batch size after a step of `size` rows took `elapsedMs`: scaled toward the target,
 * at most doubling, always within [min, max] (a step measured at 0 ms must not grow without bound).
 */
export function nextBatchSize(size: number, elapsedMs: number, policy: ChunkPolicy): number {
  const factor = elapsedMs > 0 ? Math.min(2, policy.targetMs / elapsedMs) : 2;
  const next = Math.floor(size * factor);
  return Math.max(policy.min, Math.min(policy.max, Number.isFinite(next) ? next : policy.max));
}

/** Lets the event loop run what waits (requests, timers) before the next step. */
export const yieldToLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Runs steps with a yield after each, and remembers the longest one (the longest the loop was held). */
export class Pacer {
  longestMs = 0;
  steps = 0;
  /** The batch sizes used, largest first seen: what the tests check stays within the policy. */
  largestBatch = 0;

  constructor(
    readonly policy: ChunkPolicy = DEFAULT_CHUNK_POLICY,
    readonly signal?: AbortSignal,
  ) {}

  /** One step: runs `work`, times it, then yields. Throws the signal's reason once aborted. */
  async step<T>(work: () => Promise<T>): Promise<T> {
    this.signal?.throwIfAborted();
    const started = performance.now();
    const result = await work();
    const took = performance.now() - started;
    this.longestMs = Math.max(this.longestMs, took);
    this.steps++;
    await yieldToLoop();
    return result;
  }

  /**
   * Repeats `work(size)` (which handles at most `size` rows and returns how many it handled) until
   * a step handles fewer than asked; adapts the size between steps. Returns the rows handled.
   */
  async batched(work: (size: number) => Promise<number>, first = this.policy.min): Promise<number> {
    let size = Math.max(this.policy.min, Math.min(this.policy.max, first));
    let total = 0;
    for (;;) {
      this.largestBatch = Math.max(this.largestBatch, size);
      const started = performance.now();
      const done = await this.step(() => work(size));
      total += done;
      if (done < size) return total;
      size = nextBatchSize(size, performance.now() - started, this.policy);
    }
  }
}

/**
 * The distinct values of an indexed text column, one index seek each (`min(col) where col > last`),
 * `perStep` values a step (50 seeks on a cold cache took 60 ms): `select distinct` would walk the
 * whole index, a year of rows, in one statement.
 */
export async function distinctValues(
  db: Kysely<Database>,
  table: 'check_results' | 'check_daily' | 'usage_requests',
  column: 'check_name' | 'service',
  pacer: Pacer,
  perStep = 25,
): Promise<string[]> {
  const values: string[] = [];
  let last: string | null = null;
  for (;;) {
    const found = await pacer.step(async () => {
      const batch: string[] = [];
      for (let i = 0; i < perStep; i++) {
        const after: string | null = batch.at(-1) ?? last;
        const where = after === null ? sql`` : sql`where ${sql.ref(column)} > ${after}`;
        const { rows } = await sql<{ v: string | null }>`
          select min(${sql.ref(column)}) as v from ${sql.table(table)} ${where}`.execute(db);
        const value = rows[0]?.v ?? null;
        if (value === null) break;
        batch.push(value);
      }
      return batch;
    });
    values.push(...found);
    if (found.length < perStep) return values;
    last = found.at(-1) ?? null;
  }
}
