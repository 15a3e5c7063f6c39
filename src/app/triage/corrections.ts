import type { NormalizedAlert, Severity } from '../../core/alert.js';
import { UserError } from '../../core/errors.js';
import { MIN_ID_PREFIX } from '../../store/alerts.js';
import type { CorrectionVerdict, Store } from '../../store/types.js';
import { type Correction, Corrections, typeOf } from '../../triage/corrections.js';

/**
 * One of the person's verdicts wherever it is kept: on a stored alert (`feedback` table,
 * `triage feedback`) or a taught line (`corrections` table, `triage teach`).
 */
export interface PersonVerdict extends Correction {
  /** The `corrections` row of a taught line; null for a verdict on a stored alert. */
  taughtId: number | null;
}

/** A verdict with the alert it was given on, for retraining. */
export interface PersonCorrection extends PersonVerdict {
  alert: NormalizedAlert;
}

/**
 * Every verdict, oldest first, without the taught lines' alerts (read at every run's start).
 * A verdict on a stored alert takes the type its alert has now, so verdicts recorded before
 * types existed (migration 002) hold for the type `feedback list` shows.
 */
export async function listVerdicts(store: Store): Promise<PersonVerdict[]> {
  const [feedback, taught] = await Promise.all([store.listFeedback(), store.corrections.verdicts()]);
  return merged(
    feedback.map((entry) => verdictOn(entry.alert.alert, entry.severity, entry.createdAt)),
    taught.map((row) => taughtVerdict(row)),
  );
}

/** Every verdict with its alert, oldest first (for retraining). */
export async function listCorrections(store: Store): Promise<PersonCorrection[]> {
  const [feedback, taught] = await Promise.all([store.listFeedback(), store.corrections.list()]);
  return merged(
    feedback.map((entry) => ({
      ...verdictOn(entry.alert.alert, entry.severity, entry.createdAt),
      alert: entry.alert.alert,
    })),
    taught.map((row) => ({ ...taughtVerdict(row), alert: row.alert })),
  );
}

function verdictOn(alert: NormalizedAlert, severity: Severity, createdAt: Date): PersonVerdict {
  const at = createdAt.toISOString();
  return {
    type: typeOf(alert),
    fingerprint: alert.fingerprint,
    severity,
    at,
    alertId: alert.id,
    title: alert.title,
    taughtId: null,
  };
}

function taughtVerdict(row: CorrectionVerdict): PersonVerdict {
  const { id, type, fingerprint, severity, title, alertId, createdAt } = row;
  return { type, fingerprint, severity, at: createdAt.toISOString(), alertId, title, taughtId: id };
}

/** Both lists in time order; stable, so verdicts of the same millisecond keep their order. */
function merged<T extends PersonVerdict>(feedback: T[], taught: T[]): T[] {
  return [...feedback, ...taught].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
}

/** The corrections as the feedback layer reads them: plain data, safe to hand to worker threads. */
export function correctionsOf(list: readonly PersonVerdict[]): Corrections {
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

/**
 * The corrections `forget TARGET` means: those of the type TARGET (a key as `feedback list`
 * shows it), else those from the alert whose id is TARGET or starts with it (≥ 8 characters,
 * one alert). UserError (exit 2) when nothing matches or a prefix is ambiguous.
 */
export function correctionsToForget<T extends PersonVerdict>(list: readonly T[], target: string): T[] {
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
