export { buildSlaReport, incidentStats, type ReportInput } from './build.js';
export { percentile } from './figures.js';
export { renderCsv } from './render-csv.js';
export { renderHtml } from './render-html.js';
export { renderMarkdown } from './render-md.js';
export type * from './types.js';
