import type { Severity } from '../../core/alert.js';
import { dateOf } from '../../triage/corrections.js';
import { personTimeZone } from '../config.js';
import { withStore, type AppContext } from '../context.js';
import { correctionsToForget, latestPerType, listVerdicts } from './corrections.js';
import { retrain } from './feedback.js';

/** One type the person has a verdict on, as `triage feedback list` shows it. */
export interface FeedbackType {
  /** The type key: what `feedback forget` takes. */
  type: string;
  /** The verdict in force: the latest. */
  severity: Severity;
  /** When it was given (ISO-8601, UTC). */
  at: string;
  /** The day it was given, in the person's time zone (YYYY-MM-DD). */
  date: string;
  /** The alert it was given on (whole id), or null for a `triage teach` line. */
  alertId: string | null;
  title: string;
  /** Verdicts given on this type in all, the one in force included. */
  corrections: number;
}

/** The types with a verdict, oldest verdict first; empty when there is no database yet. */
export async function listFeedbackTypes(app: AppContext): Promise<FeedbackType[]> {
  if (!app.databaseExists()) return [];
  const all = await withStore(app, { readOnly: true }, listVerdicts);
  const timeZone = personTimeZone(app.config);
  const counts = new Map<string, number>();
  for (const { type } of all) counts.set(type, (counts.get(type) ?? 0) + 1);
  return latestPerType(all).map((c) => ({
    type: c.type,
    severity: c.severity,
    at: c.at,
    date: dateOf(c.at, timeZone),
    alertId: c.alertId,
    title: c.title,
    corrections: counts.get(c.type)!,
  }));
}

/** What `triage feedback forget` removed. */
export interface ForgetOutcome {
  target: string;
  /** The types whose verdicts went (one, or those of the alert named). */
  types: string[];
  /** Verdicts removed (a type may have several). */
  forgotten: number;
  /** Types the retrained model still learns from. */
  remainingTypes: number;
}

/**
 * Forgets the verdicts on a type (TARGET as `feedback list` shows it) or those given on one alert
 * (its id, or a unique prefix of at least 8 characters), then retrains without them. UserError
 * (exit 2) when nothing matches.
 */
export async function forgetCorrections(app: AppContext, target: string): Promise<ForgetOutcome> {
  return withStore(app, {}, async (store) => {
    const matched = correctionsToForget(await listVerdicts(store), target);
    const ids = matched.flatMap((c) => (c.taughtId === null ? [] : [c.taughtId]));
    const alertIds = [...new Set(matched.flatMap((c) => (c.alertId === null ? [] : [c.alertId])))];
    await store.corrections.forget({ ids, alertIds });
    const remainingTypes = await retrain(store);
    return { target, types: [...new Set(matched.map((c) => c.type))], forgotten: matched.length, remainingTypes };
  });
}
