// Silences and maintenance windows: what keeps a matching alert from waking anyone.
export { parseMatchers, type MaintenanceWindow } from './match.js';
export { createMuteCheck } from './mute-check.js';
