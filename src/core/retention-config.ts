import * as z from 'zod';
import { duration } from './config-primitives.js';

/**
 * The `retention:` section of soloops.yaml: how long the store keeps each kind of row. The
 * daemon that leads applies it once a UTC day; `soloops store prune` applies it by hand.
 */

export const DAY_MS = 86_400_000;

/** A retention of less than a day would delete what today's roll-up still has to read. */
const keep = duration.refine((ms) => ms >= DAY_MS, { message: 'expected at least 1d' });

/** What each key defaults to: the SLA report reads a year of check results; alerts and snapshots age faster. */
export const RETENTION_DEFAULTS = {
  alerts: 90 * DAY_MS,
  check_results: 365 * DAY_MS,
  snapshots: 30 * DAY_MS,
} as const;

/**
 * Keys are optional here (no zod defaults) so that the deprecated `incident.retention` can still
 * fill in what this section leaves out; {@link resolveRetention} applies the defaults.
 */
export const retentionSchema = z.strictObject({
  /** Stored alerts (triage results); those of unresolved groups and those with feedback are kept. */
  alerts: keep.optional(),
  /** Raw health-check results and imported usage requests; only days already rolled up are deleted. */
  check_results: keep.optional(),
  /** Snapshot summaries in the store (`snap.keep_days` is for the snapshot files). */
  snapshots: keep.optional(),
  /** Daily roll-ups and down spells (what SLA reports of old months read); kept for ever unless set. */
  rollups: keep.optional(),
});

/** The deprecated `incident.retention` (issue 16): `raw` is `retention.check_results`, `rollups` the same. */
export const legacyRetentionSchema = z.strictObject({
  raw: keep.optional(),
  rollups: keep.optional(),
});

export type RetentionSettings = z.output<typeof retentionSchema>;
export type LegacyRetentionSettings = z.output<typeof legacyRetentionSchema>;

/** Retention with every default applied; `rollups` null keeps roll-ups for ever. */
export interface Retention {
  alerts: number;
  checkResults: number;
  snapshots: number;
  rollups: number | null;
}

/** The section as it applies: its own keys first, then the deprecated `incident.retention`, then the defaults. */
export function resolveRetention(section: RetentionSettings = {}, legacy: LegacyRetentionSettings = {}): Retention {
  return {
    alerts: section.alerts ?? RETENTION_DEFAULTS.alerts,
    checkResults: section.check_results ?? legacy.raw ?? RETENTION_DEFAULTS.check_results,
    snapshots: section.snapshots ?? RETENTION_DEFAULTS.snapshots,
    rollups: section.rollups ?? legacy.rollups ?? null,
  };
}

/** Where the same setting is given twice (new and deprecated key), which would be ambiguous. */
export function retentionConflicts(section: RetentionSettings = {}, legacy: LegacyRetentionSettings = {}): string[] {
  const clashes: string[] = [];
  if (section.check_results !== undefined && legacy.raw !== undefined) clashes.push('raw');
  if (section.rollups !== undefined && legacy.rollups !== undefined) clashes.push('rollups');
  return clashes;
}
