import pg from 'pg';
import type { Kysely } from 'kysely';
import type { Leadership } from '../core/leader.js';
import { readLeader } from './leader.js';
import type { Database } from './schema.js';

/** The session advisory lock the leader holds: two int4 keys, "solo" and 17 (the issue that made it). */
const LOCK_KEY = [0x736f6c6f, 17] as const;
/** The channel followers NOTIFY after committing alerts, so the leader drains the inbox at once. */
const INBOX_CHANNEL = 'soloops_inbox';

export interface PostgresLeadershipOptions {
  url: string;
  node: string;
  /** Shown in pg_stat_activity, so an operator (or a test) can tell each daemon's connections apart. */
  applicationName: string;
  /** The store's pool, for reading who leads. */
  db: Kysely<Database>;
  /** How often a follower tries the lock and the leader checks its connection (default 1 s). */
  pollMs?: number;
  /** A query on the lock's connection that takes longer than this means the connection is gone (default 3 s). */
  timeoutMs?: number;
  /** After losing its connection, a daemon lets the others take over for this long before competing (default 5 s). */
  coolDownMs?: number;
  /**
   * A leader whose heartbeat is older than this is frozen (stopped, or its event loop hung) while
   * its session, and so the lock, lives on: a follower ends that session (default 10 s).
   */
  staleAfterMs?: number;
}

/**
 * Leadership by a PostgreSQL session advisory lock on a connection of its own. The lock is the
 * leadership: PostgreSQL releases it the moment that session ends (the process is killed, or an
 * operator runs pg_terminate_backend), and server-side TCP keepalives end the session of a host
 * that vanished without a word within about 11 s. Each new leader takes the next fencing token in
 * `watch_leader` (migration 011); side effects are recorded under it (store/fence.ts).
 *
 * The leader renews its heartbeat (`renewed_at`) every `pollMs`; a renewal that fails, hangs past
 * `timeoutMs` or finds another token means it may no longer hold the lock, so it stops leading at
 * once. A leader that is frozen (SIGSTOP, a hung event loop) keeps its session and the lock but
 * stops renewing: after `staleAfterMs` a follower ends that session (pg_terminate_backend, allowed
 * for the same database role), and leads at its next try. The fencing token keeps the frozen one
 * from sending anything should it wake up.
 */
export function postgresLeadership(options: PostgresLeadershipOptions): Leadership {
  const { url, node, applicationName, db } = options;
  const pollMs = options.pollMs ?? 1_000;
  const timeoutMs = options.timeoutMs ?? 3_000;
  const coolDownMs = options.coolDownMs ?? 5_000;
  const staleAfterMs = options.staleAfterMs ?? 10_000;
  const changeListeners: Array<(leading: boolean) => void> = [];
  const nudgeListeners: Array<() => void> = [];
  const evictedListeners: Array<(holder: string | null) => void> = [];
  let client: pg.Client | null = null;
  let token: number | null = null;
  let sitOutUntil = 0;
  let timer: NodeJS.Timeout | null = null;
  let closed = false;

  const setToken = (next: number | null) => {
    const was = token !== null;
    token = next;
    if (was !== (next !== null)) for (const listener of changeListeners) listener(next !== null);
  };
  const drop = () => {
    const lost = client;
    client = null;
    if (token !== null) sitOutUntil = Date.now() + coolDownMs;
    setToken(null);
    lost?.end().catch(() => {});
  };
  const query = async <R extends pg.QueryResultRow>(c: pg.Client, text: string, values?: unknown[]) => {
    let timeout: NodeJS.Timeout | undefined;
    const hung = new Promise<never>((_, reject) => {
      timeout = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
    });
    try {
      return await Promise.race([c.query<R>(text, values), hung]);
    } finally {
      clearTimeout(timeout);
    }
  };
  const connect = async () => {
    const c = new pg.Client({
      connectionString: url,
      application_name: applicationName,
      keepAlive: true,
      connectionTimeoutMillis: timeoutMs,
    });
    // Without a listener an 'error' would be an uncaught exception; a broken session means no lock.
    c.on('error', () => client === c && drop());
    c.on('end', () => client === c && drop());
    c.on('notification', () => {
      if (token !== null) for (const listener of nudgeListeners) listener();
    });
    client = c;
    await c.connect();
    // The server notices a vanished host by these (seconds), not by the OS default of two hours.
    await query(c, 'SET tcp_keepalives_idle = 5; SET tcp_keepalives_interval = 2; SET tcp_keepalives_count = 3');
    await query(c, `LISTEN ${INBOX_CHANNEL}`);
    return c;
  };
  const attempt = async () => {
    if (!client && Date.now() < sitOutUntil) return;
    const c = client ?? (await connect());
    if (token !== null) {
      const renewed = await query(c, 'UPDATE watch_leader SET renewed_at = now() WHERE id = 1 AND token = $1', [token]);
      if (renewed.rowCount === 0) throw new Error('another daemon took the fencing token');
      return;
    }
    const { rows } = await query<{ got: boolean }>(c, 'SELECT pg_try_advisory_lock($1, $2) AS got', [...LOCK_KEY]);
    if (!rows[0]?.got) {
      await evictFrozenLeader(c);
      return;
    }
    const taken = await query<{ token: string }>(
      c,
      `UPDATE watch_leader SET token = token + 1, holder = $1, since = now(), renewed_at = now()
       WHERE id = 1 RETURNING token`,
      [node],
    );
    setToken(Number(taken.rows[0]!.token));
  };
  /** Ends the lock holder's session when its heartbeat is older than `staleAfterMs` (see above). */
  const evictFrozenLeader = async (c: pg.Client) => {
    const { rows } = await query<{ holder: string | null; pid: number }>(
      c,
      `SELECT l.holder, k.pid FROM watch_leader l, pg_locks k
       WHERE l.id = 1 AND l.renewed_at < now() - make_interval(secs => $3)
         AND k.locktype = 'advisory' AND k.granted AND k.classid = $1 AND k.objid = $2 AND k.objsubid = 2`,
      [...LOCK_KEY, staleAfterMs / 1000],
    );
    for (const { holder, pid } of rows) {
      await query(c, 'SELECT pg_terminate_backend($1)', [pid]);
      for (const listener of evictedListeners) listener(holder);
    }
  };
  const loop = async () => {
    await attempt().catch(() => drop());
    if (!closed) timer = setTimeout(() => void loop(), pollMs).unref();
  };

  return {
    node,
    leading: () => token !== null,
    token: () => token,
    view: async () => ({ node, leading: token !== null, ...(await readLeader(db)) }),
    onChange: (listener) => void changeListeners.push(listener),
    onNudge: (listener) => void nudgeListeners.push(listener),
    onEvicted: (listener) => void evictedListeners.push(listener),
    async nudge() {
      if (client && token === null) await query(client, `NOTIFY ${INBOX_CHANNEL}`).catch(() => undefined);
    },
    async start() {
      closed = false;
      await loop();
    },
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      const c = client;
      const held = token;
      client = null;
      setToken(null);
      if (c && held !== null)
        await query(c, 'UPDATE watch_leader SET holder = NULL WHERE id = 1 AND holder = $1 AND token = $2', [
          node,
          held,
        ]).catch(() => undefined);
      // Ending the session releases the lock: another daemon leads at its next try, not after a timeout.
      await c?.end().catch(() => {});
    },
  };
}
