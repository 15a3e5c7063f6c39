// The architect's names and limits the command line shows (flag hints, choices, summaries), for
// src/cli (which reaches domain code only through app).

/** The agents' chain result, and the services it chose. */
export type { ChainResult } from '../../architect/chain.js';
export type { Services } from '../../architect/agents/services.js';
/** One line on the plan's cost against the budget. */
export { budgetVerdict, isPlanned } from '../../architect/reports/index.js';
/** The regions the shipped price table covers. */
export { REGIONS } from '../../architect/prices.js';
/** Service types, and each numeric field's allowed range. */
export { describeRange, PATTERNS, SERVICE_TYPES, SPEC_LIMITS } from '../../architect/spec.js';
/** The flags that build a design (`--design serverless --lean`). */
export { designFlags } from '../../architect/agents/alternative.js';
/** The reports' number formats, so the command line rounds as COST.md does. */
export { rate, usd } from '../../architect/reports/table.js';
