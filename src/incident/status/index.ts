export { buildStatusModel, dayLevel, statusWindow, type StatusInput } from './build.js';
export { loadStatusModel, type StatusConfig, type StatusStore } from './load.js';
export type {
  BarThresholds,
  DayLevel,
  IncidentRef,
  PastDay,
  StatusDay,
  StatusIncident,
  StatusModel,
  StatusService,
  StatusUpdate,
} from './model.js';
export { BAR_DAYS, PAST_DAYS } from './model.js';
export { renderStatusPage, type RenderOptions } from './render.js';
