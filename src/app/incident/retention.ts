import type { Logger } from 'pino';
import type { Store } from '../../store/types.js';
import type { Config } from '../config-schema.js';
import type { AppContext } from '../context.js';
import { retentionOf, storeRetentionTask } from '../store/retention.js';

/** What one SLA retention pass did. */
export interface RetentionOutcome {
  /** UTC days rolled up into check_daily. */
  rolled: string[];
  /** Raw check results deleted (only of days already rolled up). */
  raw: number;
  /** Daily roll-ups deleted. */
  rollups: number;
}

/** Roll-ups are kept for ever unless `retention.rollups` says otherwise: a cutoff before any data. */
const FOREVER = new Date(0);

/**
 * Rolls every whole UTC day before `now` into daily roll-ups (with its down spells, as the checks'
 * thresholds decide them), then deletes raw results older than `retention.check_results` (or the
 * deprecated `incident.retention.raw`) and roll-ups older than `retention.rollups`. Idempotent. The
 * daemon runs the whole store's pass instead (storeRetentionTask, src/app/store/retention.ts).
 */
export async function rollUpAndPrune(
  store: Pick<Store, 'sla'>,
  config: Pick<Config, 'checks' | 'incident'> & Partial<Pick<Config, 'retention'>>,
  now: Date,
): Promise<RetentionOutcome> {
  const thresholds = Object.fromEntries(
    config.checks.map((c) => [c.name, { failureThreshold: c.failureThreshold, successThreshold: c.successThreshold }]),
  );
  const rolled = await store.sla.rollUp(now, thresholds);
  const retention = retentionOf({ retention: config.retention ?? {}, incident: config.incident });
  const pruned = await store.sla.prune(
    new Date(now.getTime() - retention.checkResults),
    retention.rollups === null ? FOREVER : new Date(now.getTime() - retention.rollups),
  );
  return { rolled, ...pruned };
}

/**
 * @deprecated The daemon's retention pass is now the whole store's: storeRetentionTask
 * (src/app/store/retention.ts), which this returns.
 */
export function retentionTask(
  app: () => Pick<AppContext, 'config'>,
  store: Pick<Store, 'maintenance'>,
  log: Pick<Logger, 'info'>,
  now: () => Date,
) {
  return storeRetentionTask(app, store, log, now);
}
