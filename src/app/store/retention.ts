import type { Logger } from 'pino';
import { type Retention, resolveRetention } from '../../core/retention-config.js';
import type { PruneOutcome, RetentionCutoffs } from '../../store/maintenance.js';
import type { Store } from '../../store/types.js';
import type { Config } from '../config-schema.js';
import type { AppContext } from '../context.js';

/** The retention soloops.yaml asks for, with `incident.retention` (deprecated) and the defaults applied. */
export const retentionOf = (config: Pick<Config, 'retention' | 'incident'>): Retention =>
  resolveRetention(config.retention, config.incident.retention);

/** The cutoffs at `now`: rows older than each go. */
export function retentionCutoffs(retention: Retention, now: Date): RetentionCutoffs {
  const ago = (ms: number) => new Date(now.getTime() - ms);
  return {
    alerts: ago(retention.alerts),
    checkResults: ago(retention.checkResults),
    snapshots: ago(retention.snapshots),
    rollups: retention.rollups === null ? null : ago(retention.rollups),
  };
}

/** What one retention pass did (or, dry, would do). */
export interface RetentionPass {
  dryRun: boolean;
  retention: Retention;
  /** UTC days rolled up into daily roll-ups first (none on a dry run). */
  rolled: string[];
  /** Rows deleted (would be deleted) per table. */
  rows: Record<string, number>;
  /** The longest single step in ms (with SQLite, the longest the event loop was held). */
  longestStepMs: number;
}

/**
 * Rolls whole UTC days before `now` into daily roll-ups (with the checks' thresholds), then prunes
 * by retention, both in small steps. A dry run rolls nothing up and only counts. Idempotent.
 */
export async function applyRetention(
  store: Pick<Store, 'maintenance'>,
  config: Pick<Config, 'checks' | 'incident' | 'retention'>,
  now: Date,
  options: { dryRun?: boolean; signal?: AbortSignal; batchSize?: number } = {},
): Promise<RetentionPass> {
  const retention = retentionOf(config);
  const dryRun = options.dryRun ?? false;
  const chunks = { signal: options.signal, batchSize: options.batchSize };
  let rolled: string[] = [];
  let longest = 0;
  if (!dryRun) {
    const thresholds = Object.fromEntries(
      config.checks.map((c) => [
        c.name,
        { failureThreshold: c.failureThreshold, successThreshold: c.successThreshold },
      ]),
    );
    const rollUp = await store.maintenance.rollUp(now, thresholds, chunks);
    rolled = rollUp.days;
    longest = rollUp.longestStepMs;
  }
  const pruned: PruneOutcome = await store.maintenance.prune(retentionCutoffs(retention, now), { ...chunks, dryRun });
  return { dryRun, retention, rolled, rows: pruned.rows, longestStepMs: Math.max(longest, pruned.longestStepMs) };
}

/**
 * The daemon's retention pass as a periodic task (the daemon runs it on the leader only): asked
 * hourly, it works once per UTC day (at start-up and after each midnight). On failure the day is
 * tried again at the next hour; `signal` (the daemon stopping) ends a pass between two steps.
 */
export function storeRetentionTask(
  app: () => Pick<AppContext, 'config'>,
  store: Pick<Store, 'maintenance'>,
  log: Pick<Logger, 'info'>,
  now: () => Date,
  signal?: AbortSignal,
) {
  let doneFor: string | null = null;
  return {
    name: 'store retention',
    everyMs: 3_600_000,
    async run(): Promise<void> {
      const at = now();
      const day = at.toISOString().slice(0, 10);
      if (doneFor === day || signal?.aborted) return;
      let pass: RetentionPass;
      try {
        pass = await applyRetention(store, app().config, at, { signal });
      } catch (error) {
        if (signal?.aborted) return; // stopped between two steps: the next start picks it up
        throw error;
      }
      doneFor = day;
      const deleted = Object.values(pass.rows).reduce((a, b) => a + b, 0);
      if (pass.rolled.length || deleted)
        log.info(
          { rolled: pass.rolled, rows: pass.rows, longestStepMs: Math.round(pass.longestStepMs) },
          'retention: days rolled up, old rows pruned',
        );
    },
  };
}
