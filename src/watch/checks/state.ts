import type { ProbeResult } from './types.js';

/** Thresholds for one check's tracker. */
export interface TrackerOptions {
  /** Consecutive failures before the check is down. */
  failureThreshold: number;
  /** Consecutive successes, while down, before it is up again. */
  successThreshold: number;
  /** An ok probe slower than this starts a slow spell. */
  slowMs?: number;
}

/**
 * A change worth telling the person about. `down.since` is the first failing probe of the streak;
 * `up.downtimeMs` runs from there to the first successful probe of the recovering streak.
 */
export type Transition =
  | { kind: 'down'; since: string; result: ProbeResult }
  | { kind: 'up'; downSince: string; downtimeMs: number; result: ProbeResult }
  | { kind: 'slow'; result: ProbeResult };

/** What a tracker knows about its check right now. */
export interface CheckSnapshot {
  /** `unknown` until the first success or a confirmed failure. */
  state: 'up' | 'down' | 'unknown';
  consecutiveFailures: number;
  consecutiveSuccesses: number;
  /** When the current outage began (first failing probe), while down. */
  downSince?: string;
  last?: ProbeResult;
}

/**
 * The up/down state of one check, fed one probe result at a time. Pure: no clock, no I/O; all
 * times come from the results. Thresholds keep one dropped packet from waking anybody and one
 * lucky probe from declaring an outage over.
 */
export class CheckTracker {
  private readonly failureThreshold: number;
  private readonly successThreshold: number;
  private readonly slowMs: number | undefined;
  private state: CheckSnapshot['state'] = 'unknown';
  private failures = 0;
  private successes = 0;
  private failingSince: string | undefined;
  private recoveringSince: string | undefined;
  private downSince: string | undefined;
  private slowSpell = false;
  private last: ProbeResult | undefined;

  constructor(options: TrackerOptions) {
    // A threshold below 1 would flip on no evidence at all.
    this.failureThreshold = Math.max(1, Math.floor(options.failureThreshold));
    this.successThreshold = Math.max(1, Math.floor(options.successThreshold));
    this.slowMs = options.slowMs;
  }

  /** Records a probe result; returns the transition it completes, if any. */
  observe(result: ProbeResult): Transition | null {
    this.last = result;
    return result.ok ? this.success(result) : this.failure(result);
  }

  /** Just the state, without building a snapshot (read for every check on every tick). */
  get current(): CheckSnapshot['state'] {
    return this.state;
  }

  snapshot(): CheckSnapshot {
    return {
      state: this.state,
      consecutiveFailures: this.failures,
      consecutiveSuccesses: this.successes,
      ...(this.state === 'down' && { downSince: this.downSince }),
      ...(this.last && { last: this.last }),
    };
  }

  private failure(result: ProbeResult): Transition | null {
    if (this.failures === 0) this.failingSince = result.at;
    this.failures++;
    this.successes = 0;
    if (this.state === 'down' || this.failures < this.failureThreshold) return null;
    this.state = 'down';
    this.downSince = this.failingSince ?? result.at;
    this.slowSpell = false; // slowness after the outage is a new spell
    return { kind: 'down', since: this.downSince, result };
  }

  private success(result: ProbeResult): Transition | null {
    if (this.successes === 0) this.recoveringSince = result.at;
    this.successes++;
    this.failures = 0;
    if (this.state === 'down') {
      if (this.successes < this.successThreshold) return null;
      const downSince = this.downSince ?? result.at;
      const recoveredAt = this.recoveringSince ?? result.at;
      this.state = 'up';
      this.downSince = undefined;
      return {
        kind: 'up',
        downSince,
        downtimeMs: Math.max(0, Date.parse(recoveredAt) - Date.parse(downSince)),
        result,
      };
    }
    this.state = 'up';
    return this.checkSlow(result);
  }

  /** Raises `slow` once when a slow spell starts; a fast ok probe ends the spell. */
  private checkSlow(result: ProbeResult): Transition | null {
    if (this.slowMs === undefined) return null;
    if (result.ms <= this.slowMs) {
      this.slowSpell = false;
      return null;
    }
    if (this.slowSpell) return null;
    this.slowSpell = true;
    return { kind: 'slow', result };
  }
}
