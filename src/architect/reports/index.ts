import type { ChainResult } from '../chain.js';
import type { PriceTable } from '../prices.js';
import { costJson, costMarkdown } from './cost.js';
import { readmeMarkdown } from './readme.js';
import { scalingMarkdown } from './scaling.js';

export { budgetVerdict, costJson, costMarkdown } from './cost.js';
export { readmeMarkdown, mermaidFlowchart, ALERT_WEBHOOK_VARIABLE } from './readme.js';
export { scalingMarkdown, scalingPhases, SCALING_PHASES, type ScalingPhase } from './scaling.js';

/**
 * Every report for one plan, by file name; `prices` is the table the plan was priced with
 * (SCALING.md re-prices each phase).
 */
export function renderReports(result: ChainResult, prices: PriceTable): Record<string, string> {
  return {
    'README.md': readmeMarkdown(result),
    'COST.md': costMarkdown(result),
    'cost.json': costJson(result),
    'SCALING.md': scalingMarkdown(result, prices),
  };
}
