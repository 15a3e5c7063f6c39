import pg from 'pg';
import { Kysely, PostgresDialect } from 'kysely';
import { ExternalError, SoloopsError, messageOf } from '../core/errors.js';
import { migrateToLatest } from './migrate.js';
import { postgresLeadership } from './leader-postgres.js';
import type { Database } from './schema.js';
import type { Backend } from './store.js';
import { scrub, type StoreTarget } from './url.js';

type PostgresTarget = Extract<StoreTarget, { kind: 'postgres' }>;

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ETIMEDOUT',
  'EPIPE',
  // A unix-socket URL (?host=/run/postgresql) whose socket is missing or not ours.
  'ENOENT',
  'EACCES',
]);

/**
 * SQLSTATEs of a server that is shutting down, restarting or starting up: admin_shutdown (fast
 * shutdown, pg_terminate_backend), crash_shutdown (another backend crashed), cannot_connect_now.
 */
const SERVER_GOING_AWAY = new Set(['57P01', '57P02', '57P03']);

/**
 * Connects a pool to the PostgreSQL URL and applies pending migrations, so an unreachable
 * server or a wrong password surfaces here rather than at the first query.
 */
export async function openPostgres(target: PostgresTarget, applicationName = 'soloops'): Promise<Backend> {
  // keepAlive: a connection cut by the network (no FIN) is noticed by TCP rather than waited on forever.
  const pool = new pg.Pool({
    connectionString: target.url,
    connectionTimeoutMillis: 10_000,
    max: 10,
    keepAlive: true,
    application_name: applicationName,
  });
  // A connection that breaks (the server restarts or crashes, the network drops) emits 'error' on
  // its client, and an 'error' nobody listens to is an uncaught exception: the daemon would die.
  // The pool listens on idle clients only (and re-emits on itself, below); a client checked out
  // for a query or a transaction, which Kysely holds, has no listener. So every client gets one
  // for its whole life. Nothing is lost by ignoring the event: the query in flight, or the next
  // one on that client, rejects with the failure and reaches the caller, and the pool discards
  // the broken client when it is released; the next query connects afresh.
  pool.on('connect', (client) => client.on('error', () => {}));
  pool.on('error', () => {});
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  const describe = (error: unknown) => describePostgresError(error, target);
  try {
    await migrateToLatest(db as Kysely<unknown>, 'postgres');
  } catch (error) {
    await db.destroy().catch(() => {});
    throw describe(error);
  }
  return {
    kind: 'postgres',
    db,
    describe,
    leadership: (node) => postgresLeadership({ url: target.url, node, applicationName, db }),
  };
}

/**
 * Connection and login failures become ExternalErrors naming host:port; the password never
 * appears (messages are scrubbed too). Other errors, such as a bad query, pass through.
 */
export function describePostgresError(error: unknown, target: PostgresTarget): unknown {
  if (error instanceof SoloopsError) return error;
  const code = codeOf(error);
  const where = `PostgreSQL at ${target.address}`;
  const detail = scrub(messageOf(error), target.secrets) || code || 'no detail';
  const cause = { cause: error };
  const urlHint = 'check SOLOOPS_DB_URL / --db';
  const user = target.user ? ` for user "${target.user}"` : '';
  if (
    (code && (NETWORK_CODES.has(code) || code.startsWith('08') || SERVER_GOING_AWAY.has(code))) ||
    (!code && /timeout expired|Connection terminated|not queryable/i.test(detail))
  ) {
    return new ExternalError(
      `cannot reach ${where}: ${detail}`,
      `is the server running and accepting TCP connections there? ${urlHint} (host and port)`,
      cause,
    );
  }
  if (code === '28P01' || code === '28000' || /^SASL/.test(detail)) {
    return new ExternalError(
      `${where} rejected the login${user}: ${detail}`,
      `${urlHint}: user and password (the password is never printed)`,
      cause,
    );
  }
  if (code === '3D000') {
    return new ExternalError(
      `${where} has no database${target.database ? ` "${target.database}"` : ''}: ${detail}`,
      'create it (createdb NAME) or fix the database name in SOLOOPS_DB_URL / --db',
      cause,
    );
  }
  if (code === '42501') {
    return new ExternalError(
      `${where}: the login${user} may not create the soloops tables: ${detail}`,
      `grant it CREATE on the database, or ${urlHint} to use an owner account`,
      cause,
    );
  }
  return error;
}

/** Node puts the errno on `code`; a dual-stack connect failure is an AggregateError of them. */
function codeOf(error: unknown): string | undefined {
  const own = (error as { code?: unknown } | null)?.code;
  if (typeof own === 'string') return own;
  const inner = (error as { errors?: unknown[] } | null)?.errors?.[0];
  const code = (inner as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' ? code : undefined;
}
