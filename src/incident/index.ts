export {
  TRANSITIONS,
  WIDESPREAD_SERVICES,
  checkTransition,
  classifyPriority,
  formatDuration,
  parsePriority,
  parseSeverity,
  parseStatus,
  requireNote,
  resolutionMs,
} from './flow.js';
