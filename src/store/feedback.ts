import type { Kysely } from 'kysely';
import { severities, type Severity } from '../core/alert.js';
import { BugError, UserError } from '../core/errors.js';
import { toStoredAlert } from './alerts.js';
import type { Database } from './schema.js';
import type { FeedbackEntry, Verdict } from './types.js';

const verdicts: readonly Verdict[] = ['correct', 'wrong'];

/**
 * Records a verdict on a stored alert; returns the feedback id. The alert is looked up in the
 * same transaction, so a missing one is a UserError rather than a foreign-key failure.
 */
export async function insertFeedback(
  db: Kysely<Database>,
  input: { alertId: string; verdict: Verdict; severity: Severity },
  now: Date = new Date(),
): Promise<number> {
  const { alertId, verdict, severity } = input;
  // The CLI validates these; reaching here with anything else is our bug, not the person's.
  if (!verdicts.includes(verdict)) throw new BugError(`recordFeedback: unknown verdict ${JSON.stringify(verdict)}`);
  if (!severities.includes(severity))
    throw new BugError(`recordFeedback: unknown severity ${JSON.stringify(severity)}`);
  return db.transaction().execute(async (trx) => {
    const alert = await trx
      .selectFrom('alerts')
      .select(['id', 'severity'])
      .where('id', '=', alertId)
      .executeTakeFirst();
    if (!alert) {
      throw new UserError(
        `no stored alert has the id ${alertId}`,
        'Use an id printed by `soloops triage` (results are stored unless --no-store).',
      );
    }
    // "correct" with another severity would teach the model two contradicting things.
    if (verdict === 'correct' && severity !== alert.severity) {
      throw new UserError(
        `alert ${alertId} was classified ${alert.severity}, so "correct" cannot mean ${severity}`,
        `Say "wrong --severity ${severity}" instead.`,
      );
    }
    const { id } = await trx
      .insertInto('feedback')
      .values({ alert_id: alertId, verdict, severity, created_at: now.toISOString() })
      .returning('id')
      .executeTakeFirstOrThrow();
    return id;
  });
}

/**
 * The latest verdict for each alert (a person who changes their mind means the last word),
 * oldest first so callers that hold back every n-th entry get a stable split.
 */
export async function selectFeedback(db: Kysely<Database>): Promise<FeedbackEntry[]> {
  const rows = await db
    .selectFrom('feedback')
    .innerJoin('alerts', 'alerts.id', 'feedback.alert_id')
    .selectAll('alerts')
    .select(['feedback.verdict', 'feedback.severity as right_severity', 'feedback.created_at as feedback_at'])
    .where('feedback.id', 'in', (eb) =>
      eb
        .selectFrom('feedback as latest')
        .select((l) => l.fn.max('latest.id').as('id'))
        .groupBy('latest.alert_id'),
    )
    .orderBy('feedback.id')
    .execute();
  return rows.map(({ verdict, right_severity, feedback_at, ...alert }) => ({
    alert: toStoredAlert(alert),
    severity: right_severity as Severity,
    verdict: verdict as Verdict,
    createdAt: new Date(feedback_at),
  }));
}
