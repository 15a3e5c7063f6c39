import { CompiledQuery, sql, type Insertable, type Kysely, type Selectable } from 'kysely';
import type { AlertOrigin, AlertStatus, Severity, TriageResult } from '../core/alert.js';
import { BugError, UserError } from '../core/errors.js';
import type { AlertsTable, Database, StoreKind } from './schema.js';
import type { StoredAlert } from './types.js';

/** Columns written per alert, in the order the compiled INSERT binds them. */
const COLUMNS = ['id', 'received_at', 'source', 'service', 'title', 'body', 'labels', 'status', 'fingerprint',
  'severity_hint', 'severity_text', 'severity', 'confidence', 'classifier', 'reason', 'raw'] as const;
type Column = (typeof COLUMNS)[number];
/** Bound-parameter ceilings: SQLite's SQLITE_MAX_VARIABLE_NUMBER (3.32+), PostgreSQL's wire protocol. */
const MAX_PARAMETERS: Record<StoreKind, number> = { sqlite: 32_766, postgres: 65_535 };
/**
 * Rows per INSERT statement, well below both ceilings: on SQLite, 100-, 500- and 1,000-row
 * statements were within noise of each other, and smaller statements keep memory flat.
 */
const PREFERRED_ROWS = 500;

/** The fewest characters of an id accepted as a prefix (git's habit; 32 bits of a UUID). */
export const MIN_ID_PREFIX = 8;

/**
 * Inserts the results in one transaction, in multi-row statements; known ids are skipped.
 * The statement text for a chunk size is compiled once and reused: building Kysely's tree
 * for 8,000 values per statement took about a tenth of the insert time, for the same SQL.
 */
export async function insertResults(db: Kysely<Database>, kind: StoreKind, results: readonly TriageResult[]): Promise<void> {
  if (results.length === 0) return;
  const perStatement = Math.min(PREFERRED_ROWS, Math.floor(MAX_PARAMETERS[kind] / COLUMNS.length));
  await db.transaction().execute((trx) => insertResultsIn(trx, kind, results, perStatement));
}

/** The inserts of insertResults inside a transaction the caller holds (the watch pipeline's). */
export async function insertResultsIn(trx: Kysely<Database>, kind: StoreKind, results: readonly TriageResult[],
  perStatement = Math.min(PREFERRED_ROWS, Math.floor(MAX_PARAMETERS[kind] / COLUMNS.length))): Promise<void> {
  const rows = results.map(toRow);
  for (let start = 0; start < rows.length; start += perStatement) {
    const chunk = rows.slice(start, start + perStatement);
    const parameters = chunk.flatMap((row) => COLUMNS.map((column) => row[column]));
    await trx.executeQuery(CompiledQuery.raw(insertSql(trx, kind, chunk.length), parameters));
  }
}

const statements = new Map<string, string>();

/** The INSERT for `rows` rows in this dialect; only a few sizes are ever kept. */
function insertSql(db: Kysely<Database>, kind: StoreKind, rows: number): string {
  const key = `${kind}:${rows}`;
  let text = statements.get(key);
  if (text === undefined) {
    const placeholder = Object.fromEntries(COLUMNS.map((column) => [column, null])) as unknown as Insertable<AlertsTable>;
    text = db.insertInto('alerts').values(Array.from({ length: rows }, () => placeholder))
      .onConflict((oc) => oc.column('id').doNothing())
      .compile().sql;
    // Full chunks repeat; odd-sized remainders would fill the map with near-duplicates.
    if (statements.size >= 8) statements.delete(statements.keys().next().value!);
    statements.set(key, text);
  }
  return text;
}

function toRow({ alert, severity, confidence, classifier, reason }: TriageResult): Record<Column, string | number | null> {
  const received = new Date(alert.receivedAt);
  if (Number.isNaN(received.getTime())) {
    throw new BugError(`alert ${alert.id} has an invalid receivedAt ${JSON.stringify(alert.receivedAt)}`);
  }
  // SQLite would bind NaN as NULL and fail the NOT NULL constraint with a less useful message.
  if (!Number.isFinite(confidence)) throw new BugError(`alert ${alert.id} has a non-finite confidence ${confidence}`);
  return {
    id: alert.id,
    // Normalized to ISO-8601 UTC so SQLite text sorts chronologically and both backends agree.
    received_at: received.toISOString(),
    source: text(alert.source),
    service: text(alert.service),
    title: text(alert.title),
    body: text(alert.body),
    labels: json(alert.labels),
    status: alert.status,
    fingerprint: alert.fingerprint,
    severity_hint: alert.severityHint,
    severity_text: alert.severityText === null ? null : text(alert.severityText),
    severity,
    confidence,
    classifier,
    reason: text(reason),
    raw: json(alert.raw),
  };
}

/**
 * PostgreSQL text cannot hold U+0000 and would fail the whole batch; a NUL in a log line
 * carries no meaning, so it is dropped (on both backends, so they store the same thing).
 * JSON columns are safe: JSON.stringify writes it as the escape `\u0000`.
 */
function text(value: string): string {
  return value.includes('\u0000') ? value.replaceAll('\u0000', '') : value;
}

function json(value: unknown): string {
  return JSON.stringify(value) ?? 'null';
}

/**
 * The alert with this id, else the one alert whose id starts with it (≥ MIN_ID_PREFIX chars).
 * Ids are tried as typed, then lowercased (UUIDs are stored lowercase; people paste them
 * from anywhere). `substr` rather than LIKE: no wildcard escaping, and LIKE is
 * case-insensitive on SQLite but not on PostgreSQL.
 */
export async function selectAlert(db: Kysely<Database>, idOrPrefix: string): Promise<StoredAlert | null> {
  const typed = idOrPrefix.trim();
  if (!typed) return null;
  const candidates = [...new Set([typed, typed.toLowerCase()])];
  for (const id of candidates) {
    const row = await db.selectFrom('alerts').selectAll().where('id', '=', id).executeTakeFirst();
    if (row) return toStoredAlert(row);
  }
  if (typed.length < MIN_ID_PREFIX) {
    throw new UserError(`no alert has the id ${typed}, and it is too short to use as a prefix`,
      `Give the whole id, or at least its first ${MIN_ID_PREFIX} characters.`);
  }
  for (const prefix of candidates) {
    const rows = await db.selectFrom('alerts').selectAll()
      .where(sql<string>`substr(id, 1, ${sql.lit(prefix.length)})`, '=', prefix)
      .orderBy('id').limit(4).execute();
    if (rows.length === 1) return toStoredAlert(rows[0]!);
    if (rows.length > 1) {
      const shown = rows.slice(0, 3).map((r) => r.id).join(', ');
      throw new UserError(`the id prefix ${prefix} matches several alerts (${shown}${rows.length > 3 ? ', …' : ''})`,
        'Give more characters of the id.');
    }
  }
  return null;
}

/** Turns an `alerts` row back into the result it was stored from (JSON parsed, ISO time). */
export function toStoredAlert(row: Selectable<AlertsTable>): StoredAlert {
  return {
    alert: {
      id: row.id,
      source: row.source as AlertOrigin,
      service: row.service,
      title: row.title,
      body: row.body,
      labels: JSON.parse(row.labels) as Record<string, string>,
      status: row.status as AlertStatus,
      severityHint: row.severity_hint as Severity | null,
      severityText: row.severity_text,
      fingerprint: row.fingerprint,
      // SQLite returns the stored ISO text, PostgreSQL a Date: one ISO form out of both.
      receivedAt: new Date(row.received_at).toISOString(),
      raw: JSON.parse(row.raw) as unknown,
    },
    severity: row.severity as Severity,
    confidence: row.confidence,
    classifier: row.classifier as StoredAlert['classifier'],
    reason: row.reason,
    groupId: row.group_id,
  };
}
