export { budgetVerdict, costJson, costMarkdown, isPlanned } from './cost.js';
export { readmeMarkdown, mermaidFlowchart, ALERT_WEBHOOK_VARIABLE } from './readme.js';
export { scalingMarkdown, scalingPhases, SCALING_PHASES, type ScalingPhase } from './scaling.js';
