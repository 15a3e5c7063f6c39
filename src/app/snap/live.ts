// What `snap --live` redraws every second, for src/cli (which reaches domain code only through app).

/** Collects one snapshot of the host and its containers. */
export { collectSnapshot } from '../../snap/collect.js';
/** A snapshot of the host and its containers. */
export type { Snapshot } from '../../snap/types.js';
