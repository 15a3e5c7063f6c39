/**
 * The LLM's answers for this process, by alert fingerprint: the same alert firing again (or
 * twice in one batch, while the first question is still in flight) is asked about once.
 * A failed question (null) is remembered only briefly, so an outage storm of one alert does
 * not wait out the timeout on every repeat, yet the next occurrence after a while is asked again.
 */
export class AnswerCache<T> {
  readonly #entries = new Map<string, { answer: Promise<T | null>; failedAt?: number }>();
  #hits = 0;

  /**
   * @param maxEntries beyond this the least recently used answer is dropped (the daemon runs for months)
   * @param failureTtlMs how long a failed answer stands in for a new question
   * @param now the clock, for tests
   */
  constructor(
    private readonly maxEntries = 5_000,
    private readonly failureTtlMs = 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** Answers seen again instead of asked again. */
  get hits(): number {
    return this.#hits;
  }

  /** The cached answer for the key, else `ask()`'s, remembered. `ask` must not reject. */
  get(key: string, ask: () => Promise<T | null>): Promise<T | null> {
    const entry = this.#entries.get(key);
    if (entry && (entry.failedAt === undefined || this.now() - entry.failedAt < this.failureTtlMs)) {
      this.#hits++;
      // Re-inserted so the Map's order doubles as least-recently-used.
      this.#entries.delete(key);
      this.#entries.set(key, entry);
      return entry.answer;
    }
    const fresh: { answer: Promise<T | null>; failedAt?: number } = { answer: ask() };
    void fresh.answer.then((answer) => {
      if (answer === null) fresh.failedAt = this.now();
    });
    this.#entries.delete(key);
    this.#entries.set(key, fresh);
    if (this.#entries.size > this.maxEntries) this.#entries.delete(this.#entries.keys().next().value!);
    return fresh.answer;
  }
}
