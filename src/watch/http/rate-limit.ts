/**
 * Per-source fixed-window counter of alerts: at most `max` alerts per `windowMs` for each
 * source. Counting alerts rather than requests keeps one request of thousands of alerts from
 * costing the same as one alert. A burst from one misbehaving sender gets 429s; the others keep their budget.
 */
export class RateLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(
    private readonly max: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Counts `count` alerts if they fit; returns 0 when allowed, else the seconds until the window resets. */
  take(key: string, count = 1): number {
    const now = this.now();
    let window = this.windows.get(key);
    if (!window || now - window.start >= this.windowMs) {
      window = { start: now, count: 0 };
      this.windows.set(key, window);
    }
    if (window.count + count > this.max) return Math.max(1, Math.ceil((window.start + this.windowMs - now) / 1000));
    window.count += count;
    return 0;
  }
}
