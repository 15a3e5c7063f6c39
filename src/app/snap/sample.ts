/**
 * The half-second system readings, importable without the rest of the snapshot code (config,
 * store, formats), so `soloops snap` can start them before it loads anything else.
 */
export { startSystemSample as startSnapshotSample, type SystemSample } from '../../snap/collect.js';
