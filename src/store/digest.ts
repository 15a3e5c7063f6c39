import type { Kysely, Selectable } from 'kysely';
import type { Ladder, LadderStep } from '../core/wake.js';
import type { CheckResultRow } from '../core/watch.js';
import { toStoredAlert } from './alerts.js';
import { currentToken, type FenceHolder } from './fence.js';
import type { Database, DigestsTable, StoreKind } from './schema.js';
import type { DigestKey, DigestStore, StoredDigest } from './types.js';
import { toGroup } from './watch.js';

const iso = (d: Date) => d.toISOString();
/**
 * The key a digest is stored under: its start and its scheduled end. A night still going is cut at
 * now, so `to` moves from one run to the next; `end` does not, so the night is sent once.
 */
const keyOf = (window: DigestKey) => ({ from: iso(window.from), to: iso(window.end ?? window.to) });
const maybeDate = (v: string | Date | null) => (v === null ? null : new Date(v));
/** IN lists are chunked under SQLite's parameter limit. */
const CHUNK = 500;

async function inChunks<T, R>(values: T[], query: (chunk: T[]) => Promise<R[]>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < values.length; i += CHUNK) out.push(...(await query(values.slice(i, i + CHUNK))));
  return out;
}

/**
 * The digest's reads over the other tables, and its own `digests` table (migration 005). A digest is
 * claimed under the leader's fencing token (store/fence.ts), so a deposed daemon sends none.
 */
export function createDigestStore(db: Kysely<Database>, kind: StoreKind, holder: FenceHolder): DigestStore {
  return {
    async alertsBetween(from, to, limit) {
      const rows = await db
        .selectFrom('alerts')
        .selectAll()
        .where('received_at', '>=', iso(from))
        .where('received_at', '<', iso(to))
        .orderBy('received_at')
        .limit(limit)
        .execute();
      return rows.map(toStoredAlert);
    },

    async alertsOfGroup(groupId, limit) {
      const rows = await db
        .selectFrom('alerts')
        .selectAll()
        .where('group_id', '=', groupId)
        .orderBy('received_at')
        .limit(limit)
        .execute();
      return rows.map(toStoredAlert);
    },

    async ungroupedAlertsLike(fingerprint, limit) {
      const rows = await db
        .selectFrom('alerts')
        .selectAll()
        .where('fingerprint', '=', fingerprint)
        .where('group_id', 'is', null)
        .orderBy('received_at', 'desc')
        .limit(limit)
        .execute();
      return rows.reverse().map(toStoredAlert);
    },
    async firings(fingerprints, since) {
      const rows = await inChunks([...new Set(fingerprints)], (chunk) =>
        db
          .selectFrom('alerts')
          .select(['fingerprint', 'received_at'])
          .where('fingerprint', 'in', chunk)
          .where('received_at', '>=', iso(since))
          .where('status', '=', 'firing')
          .execute(),
      );
      return rows.map((r) => ({ fingerprint: r.fingerprint, receivedAt: new Date(r.received_at) }));
    },

    async groupsByIds(ids) {
      const rows = await inChunks([...new Set(ids)], (chunk) =>
        db.selectFrom('alert_groups').selectAll().where('id', 'in', chunk).execute(),
      );
      return rows.map(toGroup);
    },

    async laddersOf(groupIds) {
      const rows = await inChunks([...new Set(groupIds)], (chunk) =>
        db.selectFrom('wake_ladders').selectAll().where('group_id', 'in', chunk).execute(),
      );
      const attempts = await inChunks([...new Set(groupIds)], (chunk) =>
        db
          .selectFrom('notifications')
          .select(['group_id', 'channel', 'sent_at', 'outcome'])
          .where('group_id', 'in', chunk)
          .execute(),
      );
      return rows.map((r) => {
        const mine = attempts.filter(
          (a) => a.group_id === r.group_id && a.outcome !== 'failed' && a.outcome !== 'sending',
        );
        const ladder: Ladder = {
          id: r.id,
          groupId: r.group_id,
          state: r.state as Ladder['state'],
          // The plan as stored: none at all means no wake channel was configured when it fired.
          steps: (JSON.parse(r.steps) as Array<{ channel: LadderStep['channel']; at: string }>).map((step) => ({
            channel: step.channel,
            at: new Date(step.at),
          })),
          nextStep: r.next_step,
          nextAt: maybeDate(r.next_at),
          startedAt: new Date(r.started_at),
          ackedAt: maybeDate(r.acked_at),
          ackedVia: r.acked_via,
        };
        return {
          ladder,
          calls: mine.filter((a) => a.channel === 'call').length,
          sms: mine.filter((a) => a.channel === 'sms').length,
          delivered: mine.length,
        };
      });
    },

    async checkResultsBetween(from, to) {
      const rows = await db
        .selectFrom('check_results')
        .selectAll()
        .where('at', '>=', iso(from))
        .where('at', '<', iso(to))
        .orderBy('at')
        .execute();
      return rows.map(
        (r): CheckResultRow => ({
          check: r.check_name,
          at: new Date(r.at),
          ok: r.ok === 1,
          status: r.status,
          ms: r.ms,
          errorType: r.error_type,
          error: r.error,
        }),
      );
    },

    async claimDigest(window, body, channels, now) {
      const existing = await db
        .selectFrom('digests')
        .selectAll()
        .where('window_from', '=', keyOf(window).from)
        .where('window_to', '=', keyOf(window).to)
        .executeTakeFirst();
      if (existing) return { digest: toDigest(existing), created: false };
      const row = await db.transaction().execute(async (trx) =>
        trx
          .insertInto('digests')
          .values({
            window_from: keyOf(window).from,
            window_to: keyOf(window).to,
            generated_at: iso(now),
            body,
            status: 'pending',
            channels: JSON.stringify(channels),
            fencing_token: await currentToken(trx, kind, holder),
          })
          .onConflict((oc) => oc.columns(['window_from', 'window_to']).doNothing())
          .returningAll()
          .executeTakeFirst(),
      );
      // Lost the race to another sender (the daemon and a timer at the same minute): theirs stands.
      if (!row)
        return {
          digest: toDigest(
            await db
              .selectFrom('digests')
              .selectAll()
              .where('window_from', '=', keyOf(window).from)
              .where('window_to', '=', keyOf(window).to)
              .executeTakeFirstOrThrow(),
          ),
          created: false,
        };
      return { digest: toDigest(row), created: true };
    },

    async markDigest(id, result) {
      await db
        .updateTable('digests')
        .set({
          status: result.status,
          sent_at: result.sentAt ? iso(result.sentAt) : null,
          error: result.error ?? null,
          ...(result.body !== undefined && { body: result.body }),
          ...(result.html !== undefined && { html: result.html }),
        })
        .where('id', '=', id)
        .execute();
    },

    async digestFor(window) {
      const row = await db
        .selectFrom('digests')
        .selectAll()
        .where('window_from', '=', keyOf(window).from)
        .where('window_to', '=', keyOf(window).to)
        .executeTakeFirst();
      return row ? toDigest(row) : null;
    },

    async getDigest(id) {
      const row = await db.selectFrom('digests').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? toDigest(row) : null;
    },

    async failedDigests(since) {
      const rows = await db
        .selectFrom('digests')
        .selectAll()
        .where('status', '=', 'failed')
        .where('generated_at', '>=', iso(since))
        .orderBy('id')
        .execute();
      return rows.map(toDigest);
    },
  };
}

function toDigest(r: Selectable<DigestsTable>): StoredDigest {
  return {
    id: r.id,
    window: { from: new Date(r.window_from), to: new Date(r.window_to) },
    generatedAt: new Date(r.generated_at),
    body: r.body,
    html: r.html,
    status: r.status as StoredDigest['status'],
    channels: JSON.parse(r.channels) as string[],
    sentAt: maybeDate(r.sent_at),
    error: r.error,
  };
}
