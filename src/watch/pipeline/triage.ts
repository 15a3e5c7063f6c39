import type { NormalizedAlert, TriageResult } from '../../core/alert.js';
import type { Stage } from './types.js';

/** Classifies each alert with the triage engine, in order, timing each for the latency histogram. */
export const triage: Stage<NormalizedAlert, TriageResult> = async (batch, deps) => {
  const results: TriageResult[] = [];
  for (const alert of batch) {
    const started = performance.now();
    const result = await deps.classify(alert);
    deps.observe?.({ kind: 'triaged', result, ms: performance.now() - started });
    results.push(result);
  }
  return results;
};
