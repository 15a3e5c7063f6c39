import type { Store } from '../../store/types.js';
import type { Config } from '../config-schema.js';

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
