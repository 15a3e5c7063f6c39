import type { Kysely } from 'kysely';
import type { AuditAction } from '../core/console.js';
import type { AuditStore } from './console-types.js';
import type { Database } from './schema.js';

/** What `list` returns when no limit is asked: enough for a screen, never the whole table. */
const DEFAULT_LIMIT = 100;

/** The audit_log table (migration 014) over an opened database: appended to, read newest first. */
export function createAuditStore(db: Kysely<Database>): AuditStore {
  return {
    async record(entry, now) {
      await db
        .insertInto('audit_log')
        .values({
          at: now.toISOString(),
          actor: entry.actor,
          action: entry.action,
          target: entry.target ?? null,
          address: entry.address ?? null,
          detail: JSON.stringify(entry.detail ?? {}),
        })
        .execute();
    },

    async list(filter) {
      let query = db.selectFrom('audit_log').selectAll();
      if (filter.since) query = query.where('at', '>=', filter.since.toISOString());
      const limit = Math.max(1, Math.floor(filter.limit ?? DEFAULT_LIMIT));
      const rows = await query.orderBy('at', 'desc').orderBy('id', 'desc').limit(limit).execute();
      return rows.map((r) => ({
        id: r.id,
        at: new Date(r.at).toISOString(),
        actor: r.actor,
        action: r.action as AuditAction,
        target: r.target,
        address: r.address,
        detail: JSON.parse(r.detail) as Record<string, unknown>,
      }));
    },
  };
}
