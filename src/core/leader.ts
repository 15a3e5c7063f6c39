/**
 * Leadership among `soloops watch` daemons sharing one database (issue 17). Every daemon takes
 * alerts in; only the leader does what must happen once: drain the inbox, run wake ladders,
 * checks, the digest, automatic incidents and retention.
 */

/** Who leads, as `/healthz`, `/metrics` and `watch status` show it. */
export interface LeaderView {
  /** This daemon's name (SOLOOPS_NODE, else `<hostname>-<pid>`). */
  node: string;
  /** This daemon leads now. */
  leading: boolean;
  /** The daemon that leads as the database says; null before anyone led. */
  holder: string | null;
  /** The current fencing token: counts up each time a daemon becomes leader. */
  token: number;
}

/** Whatever records a side effect asks this for the token to record it under (see store/fence.ts). */
export interface Fence {
  /** The token this process holds while it leads; null while it does not (then nothing may be sent). */
  token(): number | null;
}

export interface Leadership extends Fence {
  readonly node: string;
  leading(): boolean;
  /** Who leads now, read from the database. */
  view(): Promise<LeaderView>;
  /** Called with true when this process becomes leader and false when it stops leading. */
  onChange(listener: (leading: boolean) => void): void;
  /** After a follower committed alerts: tells the leader to drain the inbox now (PostgreSQL NOTIFY). */
  nudge(): Promise<void>;
  /** Called on the leader when a follower nudged. */
  onNudge(listener: () => void): void;
  /** Called when this daemon ended the session of a leader that had frozen (its heartbeat went stale). */
  onEvicted(listener: (holder: string | null) => void): void;
  /** Starts competing; resolves after the first attempt (so a lone daemon leads before it serves). */
  start(): Promise<void>;
  /** Stops competing and lets go (another daemon can lead at once). */
  close(): Promise<void>;
}

/** Thrown when a daemon that no longer leads tries to record a side effect. */
export class DeposedError extends Error {
  constructor() {
    super('this daemon no longer leads: another one took over, so it sends nothing');
    this.name = 'DeposedError';
  }
}
