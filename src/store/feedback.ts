import type { Kysely, Selectable } from 'kysely';
import { severities, type NormalizedAlert, type Severity } from '../core/alert.js';
import { BugError, UserError } from '../core/errors.js';
import { toStoredAlert } from './alerts.js';
import type { CorrectionsTable, Database } from './schema.js';
import type {
  CorrectionStore,
  CorrectionVerdict,
  FeedbackEntry,
  NewCorrection,
  StoredCorrection,
  Verdict,
} from './types.js';

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
        'use an id printed by `soloops triage` (results are stored unless --no-store)',
      );
    }
    // "correct" with another severity would teach the model two contradicting things.
    if (verdict === 'correct' && severity !== alert.severity) {
      throw new UserError(
        `alert ${alertId} was classified ${alert.severity}, so "correct" cannot mean ${severity}`,
        `say "wrong --severity ${severity}" instead`,
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

/** Columns of a `corrections` row as inserted. */
const CORRECTION_COLUMNS = 9;
/** Rows per INSERT: well within both backends' bound-parameter ceilings (32,766 and 65,535). */
const CORRECTIONS_PER_STATEMENT = 500;

/** The `corrections` table (migration 007) and forgetting verdicts in it and in `feedback`. */
export function createCorrectionStore(db: Kysely<Database>): CorrectionStore {
  // Same statement size on both backends: SQLite's ceiling is the lower one.
  const perStatement = Math.min(CORRECTIONS_PER_STATEMENT, Math.floor(32_766 / CORRECTION_COLUMNS));
  return {
    async record(corrections: readonly NewCorrection[], now: Date = new Date()): Promise<number> {
      for (const { severity } of corrections)
        if (!severities.includes(severity))
          throw new BugError(`corrections.record: unknown severity ${JSON.stringify(severity)}`);
      if (corrections.length === 0) return 0;
      const createdAt = now.toISOString();
      await db.transaction().execute(async (trx) => {
        for (let start = 0; start < corrections.length; start += perStatement) {
          const rows = corrections.slice(start, start + perStatement).map(({ type, severity, alert, alertId }) => ({
            type,
            fingerprint: alert.fingerprint,
            severity,
            title: alert.title,
            source: alert.source,
            service: alert.service,
            alert: JSON.stringify({ ...alert, raw: null }),
            alert_id: alertId ?? null,
            created_at: createdAt,
          }));
          await trx.insertInto('corrections').values(rows).execute();
        }
      });
      return corrections.length;
    },

    async list(): Promise<StoredCorrection[]> {
      const rows = await db.selectFrom('corrections').selectAll().orderBy('id').execute();
      return rows.map((row) => ({ ...verdictOf(row), alert: JSON.parse(row.alert) as NormalizedAlert }));
    },

    async verdicts(): Promise<CorrectionVerdict[]> {
      const rows = await db
        .selectFrom('corrections')
        .select(['id', 'type', 'fingerprint', 'severity', 'title', 'alert_id', 'created_at'])
        .orderBy('id')
        .execute();
      return rows.map(verdictOf);
    },

    async forget({ ids, alertIds }): Promise<number> {
      if (ids.length === 0 && alertIds.length === 0) return 0;
      return db.transaction().execute(async (trx) => {
        let removed = 0;
        for (const part of chunks(ids)) {
          const result = await trx.deleteFrom('corrections').where('id', 'in', part).executeTakeFirst();
          removed += Number(result.numDeletedRows);
        }
        for (const part of chunks(alertIds)) {
          const feedback = await trx.deleteFrom('feedback').where('alert_id', 'in', part).executeTakeFirst();
          const taught = await trx.deleteFrom('corrections').where('alert_id', 'in', part).executeTakeFirst();
          removed += Number(feedback.numDeletedRows) + Number(taught.numDeletedRows);
        }
        return removed;
      });
    },
  };
}

function verdictOf(row: Omit<Selectable<CorrectionsTable>, 'alert' | 'source' | 'service'>): CorrectionVerdict {
  return {
    id: row.id,
    type: row.type,
    fingerprint: row.fingerprint,
    severity: row.severity as Severity,
    title: row.title,
    alertId: row.alert_id,
    createdAt: new Date(row.created_at),
  };
}

/** A long list of ids in parts a statement can bind (forgetting a type taught 10,000 times). */
function chunks<T>(values: readonly T[], size = 1_000): T[][] {
  const parts: T[][] = [];
  for (let start = 0; start < values.length; start += size) parts.push(values.slice(start, start + size));
  return parts;
}
