// What the daemon tells its live view, for src/cli (which reaches domain code only through app).

/** One event of the running daemon (an alert in, a group routed, a wake, a check). */
export type { WatchEvent } from '../../watch/daemon.js';
