import type { NormalizedAlert, Severity } from '../../core/alert.js';
import { UserError } from '../../core/errors.js';
import type { Store } from '../../store/types.js';
import { type Correction, Corrections, typeOf } from '../../triage/corrections.js';

/**
 * One of the person's corrections wherever it is kept: a verdict on a stored alert (`feedback`
 * table, `triage feedback`) or a taught line (`corrections` table, `triage teach`).
 */
export interface PersonCorrection extends Correction {
  /** The alert as parsed, for retraining. */
  alert: NormalizedAlert;
  /** The `corrections` row of a taught line; null for a verdict on a stored alert. */
  taughtId: number | null;
}

/**
 * Every correction, oldest first. Types are computed from the alerts now rather than read from
 * the rows, so verdicts recorded before types existed (`feedback`, migration 002) and after a
 * change of the normalization still hold for the type `feedback list` shows.
 */
export async function listCorrections(store: Store): Promise<PersonCorrection[]> {
  const [feedback, taught] = await Promise.all([store.listFeedback(), store.corrections.list()]);
  const all: Array<PersonCorrection & { time: number }> = [];
  for (const entry of feedback) {
    const alert = entry.alert.alert;
    all.push(entryOf(alert, entry.severity, entry.createdAt, alert.id, null));
  }
  for (const row of taught) all.push(entryOf(row.alert, row.severity, row.createdAt, row.alertId, row.id));
  // Stable: verdicts given in the same millisecond keep their order within each table.
  all.sort((a, b) => a.time - b.time);
  return all.map(({ time: _, ...correction }) => correction);
}

function entryOf(
  alert: NormalizedAlert,
  severity: Severity,
  createdAt: Date,
  alertId: string | null,
  taughtId: number | null,
): PersonCorrection & { time: number } {
  return {
    type: typeOf(alert),
    fingerprint: alert.fingerprint,
    severity,
    at: createdAt.toISOString(),
    alertId,
    title: alert.title,
    alert,
    taughtId,
    time: createdAt.getTime(),
  };
}

/** The corrections as the feedback layer reads them: plain data, safe to hand to worker threads. */
export function correctionsOf(list: readonly PersonCorrection[]): Corrections {
  if (list.length === 0) return Corrections.none;
  return new Corrections(
    list.map(({ type, fingerprint, severity, at, alertId, title }) => ({
      type,
      fingerprint,
      severity,
      at,
      alertId,
      title,
    })),
  );
}

/** The latest correction of each type, oldest first: what retraining and `feedback list` show. */
export function latestPerType<T extends Correction>(list: readonly T[]): T[] {
  const latest = new Map<string, T>();
  for (const correction of list) {
    latest.delete(correction.type);
    latest.set(correction.type, correction);
  }
  return [...latest.values()];
}

/** The fewest characters of an alert id taken as a prefix (as `triage feedback` and git). */
const MIN_ID_PREFIX = 8;

/**
 * The corrections `forget TARGET` means: those of the type TARGET (a key as `feedback list`
 * shows it), else those from the alert whose id is TARGET or starts with it (≥ 8 characters,
 * one alert). UserError (exit 2) when nothing matches or a prefix is ambiguous.
 */
export function correctionsToForget(list: readonly PersonCorrection[], target: string): PersonCorrection[] {
  const wanted = target.trim();
  const ofType = list.filter((c) => c.type === wanted || c.type === wanted.toLowerCase());
  if (ofType.length > 0) return ofType;
  const prefix = wanted.toLowerCase();
  if (prefix.length >= MIN_ID_PREFIX) {
    const ids = new Set(list.flatMap((c) => (c.alertId?.startsWith(prefix) ? [c.alertId] : [])));
    if (ids.size > 1) {
      throw new UserError(
        `the id prefix ${wanted} matches corrections from ${ids.size} alerts`,
        'give more characters of the alert id (see `soloops triage feedback list`)',
      );
    }
    if (ids.size === 1) {
      const [id] = ids;
      return list.filter((c) => c.alertId === id);
    }
  }
  throw new UserError(
    `no correction has the type or alert id ${JSON.stringify(wanted)}`,
    'pass a type exactly as `soloops triage feedback list` shows it, or an alert id (at least 8 characters)',
  );
}
