import type { Logger } from 'pino';
import type { Store } from '../../store/types.js';
import type { Config } from '../config-schema.js';
import type { AppContext } from '../context.js';

/** What one retention pass did. */
export interface RetentionOutcome {
  /** UTC days rolled up into check_daily. */
  rolled: string[];
  /** Raw check results deleted (only of days already rolled up). */
  raw: number;
  /** Daily roll-ups deleted. */
  rollups: number;
}

/**
 * Rolls every whole UTC day before `now` into daily roll-ups (with its down spells, as the checks'
 * thresholds decide them), then deletes raw results older than `incident.retention.raw` and
 * roll-ups older than `incident.retention.rollups`. Idempotent: `watch` runs it daily.
 */
export async function rollUpAndPrune(
  store: Pick<Store, 'sla'>,
  config: Pick<Config, 'checks' | 'incident'>,
  now: Date,
): Promise<RetentionOutcome> {
  const thresholds = Object.fromEntries(
    config.checks.map((c) => [c.name, { failureThreshold: c.failureThreshold, successThreshold: c.successThreshold }]),
  );
  const rolled = await store.sla.rollUp(now, thresholds);
  const { retention } = config.incident;
  const pruned = await store.sla.prune(
    new Date(now.getTime() - retention.raw),
    new Date(now.getTime() - retention.rollups),
  );
  return { rolled, ...pruned };
}

/**
 * The daemon's retention pass as a periodic task: asked hourly, it works once per UTC day (at
 * start-up and after each midnight), so pruning, which reads every raw result's day, runs daily.
 * On failure the day is tried again at the next hour.
 */
export function retentionTask(
  app: () => Pick<AppContext, 'config'>,
  store: Pick<Store, 'sla'>,
  log: Pick<Logger, 'info'>,
  now: () => Date,
) {
  let doneFor: string | null = null;
  return {
    name: 'SLA retention',
    everyMs: 3_600_000,
    async run(): Promise<void> {
      const at = now();
      const day = at.toISOString().slice(0, 10);
      if (doneFor === day) return;
      const outcome = await rollUpAndPrune(store, app().config, at);
      doneFor = day;
      if (outcome.rolled.length || outcome.raw || outcome.rollups)
        log.info(outcome, 'SLA retention: days rolled up, old results pruned');
    },
  };
}
