import { CompiledQuery, sql, type Insertable, type Kysely, type Selectable } from 'kysely';
import type { AlertOrigin, AlertStatus, Severity, TriageResult } from '../core/alert.js';
import { BugError, UserError } from '../core/errors.js';
import type { AlertsTable, Database, StoreKind } from './schema.js';
import { sizedChunks } from './chunks.js';
import type { BulkStatement, BulkWrite } from './sqlite-insert.js';
import type { StoredAlert } from './types.js';

/** Columns written per alert, in the order the compiled INSERT binds them. */
const COLUMNS = [
  'id',
  'received_at',
  'source',
  'service',
  'title',
  'body',
  'labels',
  'status',
  'fingerprint',
  'severity_hint',
  'severity_text',
  'severity',
  'confidence',
  'classifier',
  'reason',
  'raw',
] as const;
type RowValue = string | number | null;
/** Bound-parameter ceilings: SQLite's SQLITE_MAX_VARIABLE_NUMBER (3.32+), PostgreSQL's wire protocol. */
const MAX_PARAMETERS: Record<StoreKind, number> = { sqlite: 32_766, postgres: 65_535 };
/**
 * Rows per INSERT statement, well below both ceilings: on SQLite, 100-, 500- and 1,000-row
 * statements were within noise of each other, and smaller statements keep memory flat.
 */
const PREFERRED_ROWS = 500;

/** The fewest characters of an id accepted as a prefix (git's habit; 32 bits of a UUID). */
export const MIN_ID_PREFIX = 8;

/** From this many rows on, a bulk writer (when the backend has one) takes the insert. */
const BULK_MIN_ROWS = 100;

/**
 * Inserts the results in one transaction, in multi-row statements; known ids are skipped.
 * The statement text for a chunk size is compiled once and reused: building Kysely's tree
 * for 8,000 values per statement took about a tenth of the insert time, for the same SQL.
 * Big batches go to `bulk` when given (SQLite's insert worker); a single alert stays on `db`,
 * where starting a thread would cost more than the insert.
 */
export async function insertResults(
  db: Kysely<Database>,
  kind: StoreKind,
  results: readonly TriageResult[],
  bulk?: BulkWrite,
): Promise<void> {
  if (results.length === 0) return;
  const perStatement = Math.min(PREFERRED_ROWS, Math.floor(MAX_PARAMETERS[kind] / COLUMNS.length));
  const statements = insertStatements(db, kind, results, perStatement);
  // The bulk writer flattens the rows into parameters itself, off this thread.
  if (bulk && results.length >= BULK_MIN_ROWS) return bulk(statements);
  await db.transaction().execute((trx) => runStatements(trx, statements));
}

/** The inserts of insertResults inside a transaction the caller holds (the watch pipeline's). */
export async function insertResultsIn(
  trx: Kysely<Database>,
  kind: StoreKind,
  results: readonly TriageResult[],
): Promise<void> {
  const perStatement = Math.min(PREFERRED_ROWS, Math.floor(MAX_PARAMETERS[kind] / COLUMNS.length));
  await runStatements(trx, insertStatements(trx, kind, results, perStatement));
}

function insertStatements(
  db: Kysely<Database>,
  kind: StoreKind,
  results: readonly TriageResult[],
  perStatement: number,
): BulkStatement[] {
  // Few row counts, so few statement texts: see sizedChunks.
  return sizedChunks(results, perStatement).map((chunk) => ({
    sql: insertSql(db, kind, chunk.length),
    rows: chunk.map(rowValues),
  }));
}

async function runStatements(trx: Kysely<Database>, statements: BulkStatement[]): Promise<void> {
  for (const { sql, rows } of statements) await trx.executeQuery(CompiledQuery.raw(sql, rows.flat()));
}

const statements = new Map<string, string>();

/** The INSERT for `rows` rows in this dialect; only a few sizes are ever kept. */
function insertSql(db: Kysely<Database>, kind: StoreKind, rows: number): string {
  const key = `${kind}:${rows}`;
  let text = statements.get(key);
  if (text === undefined) {
    const placeholder = Object.fromEntries(
      COLUMNS.map((column) => [column, null]),
    ) as unknown as Insertable<AlertsTable>;
    text = db
      .insertInto('alerts')
      .values(Array.from({ length: rows }, () => placeholder))
      .onConflict((oc) => oc.column('id').doNothing())
      .compile().sql;
    // sizedChunks gives at most ~10 row counts per dialect; the bound is for safety only.
    if (statements.size >= 32) statements.delete(statements.keys().next().value!);
    statements.set(key, text);
  }
  return text;
}

/**
 * The last receivedAt / raw seen and their stored text: a batch shares one time, and an Alertmanager
 * group one payload.
 */
let lastReceived: { from: string; to: string } | undefined;
let lastRaw: { from: unknown; to: string } | undefined;

/** One result's values in COLUMNS order. */
function rowValues({ alert, severity, confidence, classifier, reason }: TriageResult): RowValue[] {
  if (lastReceived?.from !== alert.receivedAt) {
    const received = new Date(alert.receivedAt);
    if (Number.isNaN(received.getTime())) {
      throw new BugError(`alert ${alert.id} has an invalid receivedAt ${JSON.stringify(alert.receivedAt)}`);
    }
    // Normalized to ISO-8601 UTC so SQLite text sorts chronologically and both backends agree.
    lastReceived = { from: alert.receivedAt, to: received.toISOString() };
  }
  // SQLite would bind NaN as NULL and fail the NOT NULL constraint with a less useful message.
  if (!Number.isFinite(confidence)) throw new BugError(`alert ${alert.id} has a non-finite confidence ${confidence}`);
  if (lastRaw === undefined || lastRaw.from !== alert.raw) lastRaw = { from: alert.raw, to: json(alert.raw) };
  return [
    alert.id,
    lastReceived.to,
    text(alert.source),
    text(alert.service),
    text(alert.title),
    text(alert.body),
    json(alert.labels),
    alert.status,
    alert.fingerprint,
    alert.severityHint,
    alert.severityText === null ? null : text(alert.severityText),
    severity,
    confidence,
    classifier,
    text(reason),
    lastRaw.to,
  ];
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
    throw new UserError(
      `no alert has the id ${typed}, and it is too short to use as a prefix`,
      `give the whole id, or at least its first ${MIN_ID_PREFIX} characters`,
    );
  }
  for (const prefix of candidates) {
    const rows = await db
      .selectFrom('alerts')
      .selectAll()
      .where(sql<string>`substr(id, 1, ${sql.lit(prefix.length)})`, '=', prefix)
      .orderBy('id')
      .limit(4)
      .execute();
    if (rows.length === 1) return toStoredAlert(rows[0]!);
    if (rows.length > 1) {
      const shown = rows
        .slice(0, 3)
        .map((r) => r.id)
        .join(', ');
      throw new UserError(
        `the id prefix ${prefix} matches several alerts (${shown}${rows.length > 3 ? ', …' : ''})`,
        'give more characters of the id',
      );
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
