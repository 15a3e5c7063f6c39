/**
 * Login throttling (`console.login`): failed logins are counted per user name and per client
 * address within `window`; at the limit that name (or address) is locked for `lockout`, and every
 * attempt meanwhile is refused without looking at the password (429 + Retry-After). A successful
 * login clears its name's count (not its address's: one right password must not reset a guessing
 * address). Kept in memory: a restart forgets the counts, and each daemon of a cluster counts its own.
 */

/** The `console.login` settings (durations in ms). */
export interface LoginLimits {
  max_failures_per_user: number;
  max_failures_per_address: number;
  window: number;
  lockout: number;
}

interface Count {
  /** When the counting window began (the first failure of this run). */
  since: number;
  failures: number;
  /** Locked until this time (ms), or 0. */
  lockedUntil: number;
}

/** Beyond this many tracked names or addresses the expired ones are swept: a flood of names cannot grow memory. */
const SWEEP_AT = 10_000;

/** Counts failed logins and says when a name or address is locked. `now` is passed in: no timers. */
export class LoginLimiter {
  private readonly users = new Map<string, Count>();
  private readonly addresses = new Map<string, Count>();

  constructor(private readonly limits: () => LoginLimits) {}

  /** Milliseconds until this name or address may try again, or 0 when it may try now. */
  retryAfterMs(name: string, address: string, now: Date): number {
    const t = now.getTime();
    return Math.max(lockedFor(this.users.get(name), t), lockedFor(this.addresses.get(address), t));
  }

  /** Records a failed attempt by `name` from `address`; returns the wait now imposed (0 when not locked yet). */
  failed(name: string, address: string, now: Date): number {
    const limits = this.limits();
    const t = now.getTime();
    bump(this.users, name, t, limits.max_failures_per_user, limits);
    bump(this.addresses, address, t, limits.max_failures_per_address, limits);
    return this.retryAfterMs(name, address, now);
  }

  /** A successful login: the name's failures are forgotten. */
  succeeded(name: string): void {
    this.users.delete(name);
  }
}

function lockedFor(count: Count | undefined, t: number): number {
  return count && count.lockedUntil > t ? count.lockedUntil - t : 0;
}

function bump(counts: Map<string, Count>, key: string, t: number, max: number, limits: LoginLimits): void {
  if (counts.size >= SWEEP_AT) sweep(counts, t, limits);
  let count = counts.get(key);
  // A window that ran out (and no lock still running) starts over.
  if (!count || (t - count.since >= limits.window && count.lockedUntil <= t)) {
    count = { since: t, failures: 0, lockedUntil: 0 };
    counts.set(key, count);
  }
  count.failures += 1;
  if (count.failures >= max) {
    count.lockedUntil = t + limits.lockout;
    // After the lock the count starts over, so one more failure does not lock again at once.
    count.since = count.lockedUntil;
    count.failures = 0;
  }
}

function sweep(counts: Map<string, Count>, t: number, limits: LoginLimits): void {
  for (const [key, count] of counts) if (count.lockedUntil <= t && t - count.since >= limits.window) counts.delete(key);
}
