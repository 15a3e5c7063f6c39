import type { Kysely } from 'kysely';
import type { Leadership, LeaderView } from '../core/leader.js';
import type { Database } from './schema.js';

/** The `watch_leader` row (migration 011): who leads and the current fencing token. */
export async function readLeader(db: Kysely<Database>): Promise<Omit<LeaderView, 'node' | 'leading'>> {
  const row = await db.selectFrom('watch_leader').select(['token', 'holder']).where('id', '=', 1).executeTakeFirst();
  return { holder: row?.holder ?? null, token: Number(row?.token ?? 0) };
}

/** Takes the next fencing token for `node` and records it as the leader; returns the token. */
export async function becomeLeader(db: Kysely<Database>, node: string, now: Date): Promise<number> {
  const row = await db
    .updateTable('watch_leader')
    .set((eb) => ({ token: eb('token', '+', 1), holder: node, since: now.toISOString() }))
    .where('id', '=', 1)
    .returning('token')
    .executeTakeFirstOrThrow();
  return Number(row.token);
}

/** A leader stopping cleanly clears `holder` (if it is still the one): nobody leads until the next start. */
export async function resignLeader(db: Kysely<Database>, node: string, token: number): Promise<void> {
  await db
    .updateTable('watch_leader')
    .set({ holder: null })
    .where('id', '=', 1)
    .where('holder', '=', node)
    .where('token', '=', token)
    .execute();
}

/**
 * SQLite is the single-node store: the one daemon on the file leads from its start. It still
 * takes a fencing token, so a second daemon started on the same file by mistake fences the first
 * one's calls instead of doubling them.
 */
export function sqliteLeadership(db: Kysely<Database>, node: string): Leadership {
  let token: number | null = null;
  const listeners: Array<(leading: boolean) => void> = [];
  return {
    node,
    leading: () => token !== null,
    token: () => token,
    view: async () => ({ node, leading: token !== null, ...(await readLeader(db)) }),
    onChange: (listener) => void listeners.push(listener),
    nudge: async () => {},
    onNudge: () => {},
    onEvicted: () => {},
    async start() {
      token = await becomeLeader(db, node, new Date());
      for (const listener of listeners) listener(true);
    },
    async close() {
      if (token !== null) await resignLeader(db, node, token).catch(() => undefined);
      token = null;
    },
  };
}
