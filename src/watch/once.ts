import { createCheckRunner } from './checks/runner.js';
import type { WatchDeps } from './daemon.js';
import { processPending } from './pipeline/process.js';

/**
 * `watch --once` (for cron): runs every check once, then routes at once (no group_wait: there
 * is no later pass to wait for). Thresholds still apply across runs (trackers resume from the store).
 */
export async function runChecksOnce(
  deps: Pick<WatchDeps, 'checks' | 'checking' | 'pipeline'>,
): Promise<Array<{ check: string; ok: boolean; error?: string }>> {
  const runner = createCheckRunner(deps.checking);
  const results = await Promise.all(
    deps.checks.map(async (check) => ({ check: check.name, ...(await runner.run(check)) })),
  );
  await processPending({ ...deps.pipeline, settings: { ...deps.pipeline.settings, groupWaitMs: 0 } });
  return results.map((r) => ({ check: r.check, ok: r.ok, ...(r.error ? { error: r.error } : {}) }));
}
