import type { Insertable, Kysely, Selectable } from 'kysely';
import type { Attempt, AttemptOutcome, Ladder, LadderStep, StepChannel, WakeStore } from '../core/wake.js';
import { DeposedError } from '../core/leader.js';
import { currentToken, type FenceHolder } from './fence.js';
import type { Database, NotificationsTable, StoreKind, WakeLaddersTable } from './schema.js';
import { toGroup } from './watch.js';
import { sizedChunks } from './chunks.js';

const iso = (d: Date) => d.toISOString();
const maybeDate = (v: string | Date | null) => (v === null ? null : new Date(v));

/**
 * Smart Wake's queries over an opened database (see WakeStore for the contract). Every attempt is
 * recorded under the leader's fencing token, checked in the same transaction (store/fence.ts).
 */
export function createWakeStore(db: Kysely<Database>, kind: StoreKind, holder: FenceHolder): WakeStore {
  const withGroups = async (rows: Array<Selectable<WakeLaddersTable>>) => {
    if (rows.length === 0) return [];
    // In lists of a few fixed sizes: each distinct length would be a prepared statement of its own.
    const groups = [];
    for (const ids of sizedChunks(
      rows.map((r) => r.group_id),
      1_000,
    ))
      groups.push(...(await db.selectFrom('alert_groups').selectAll().where('id', 'in', ids).execute()));
    const byId = new Map(groups.map((g) => [g.id, toGroup(g)]));
    return rows.map((r) => ({ ladder: toLadder(r), group: byId.get(r.group_id)! }));
  };

  /** Records an attempt under the current leader's fencing token (DeposedError once it is not). */
  const insertFenced = (values: Omit<Insertable<NotificationsTable>, 'fencing_token'>) =>
    db.transaction().execute(async (trx) => {
      const fencing_token = await currentToken(trx, kind, holder);
      const row = await trx
        .insertInto('notifications')
        .values({ ...values, fencing_token })
        .returningAll()
        .executeTakeFirstOrThrow();
      return toAttempt(row);
    });

  return {
    async startLadder(groupId, steps, now) {
      const existing = await db
        .selectFrom('wake_ladders')
        .select('id')
        .where('group_id', '=', groupId)
        .executeTakeFirst();
      if (existing) return null;
      const row = await db
        .insertInto('wake_ladders')
        .values({
          group_id: groupId,
          state: steps.length ? 'ringing' : 'exhausted',
          steps: JSON.stringify(steps),
          next_step: 0,
          next_at: steps[0] ? iso(steps[0].at) : null,
          started_at: iso(now),
        })
        .onConflict((oc) => oc.column('group_id').doNothing())
        .returningAll()
        .executeTakeFirst();
      return row ? toLadder(row) : null;
    },

    async ladderForGroup(groupId) {
      const row = await db.selectFrom('wake_ladders').selectAll().where('group_id', '=', groupId).executeTakeFirst();
      return row ? toLadder(row) : null;
    },

    async dueLadders(now) {
      return withGroups(
        await db
          .selectFrom('wake_ladders')
          .selectAll()
          .where('state', '=', 'ringing')
          .where('next_at', '<=', iso(now))
          .orderBy('id')
          .execute(),
      );
    },

    async resolvedWhileRinging() {
      const rows = await db
        .selectFrom('wake_ladders')
        .selectAll('wake_ladders')
        .innerJoin('alert_groups', 'alert_groups.id', 'wake_ladders.group_id')
        .where('wake_ladders.state', '=', 'ringing')
        .where('alert_groups.state', '=', 'resolved')
        .orderBy('wake_ladders.id')
        .execute();
      return withGroups(rows);
    },

    async claimStep(ladderId, step, now) {
      return db.transaction().execute(async (trx) => {
        const row = await trx.selectFrom('wake_ladders').selectAll().where('id', '=', ladderId).executeTakeFirst();
        if (row?.state !== 'ringing' || row.next_step !== step) return null;
        let token: number | null;
        try {
          token = await currentToken(trx, kind, holder);
        } catch (error) {
          if (error instanceof DeposedError) return null; // not ours to send any more
          throw error;
        }
        const ladder = toLadder(row);
        const planned = ladder.steps[step]!;
        const following = ladder.steps[step + 1];
        // Steps planned for the same moment go together (the SMS and the fallbacks), also when
        // this one was pulled forward; otherwise the next keeps its planned time, never before now.
        const nextAt = !following
          ? null
          : following.at <= planned.at
            ? now
            : new Date(Math.max(following.at.getTime(), now.getTime()));
        await trx
          .updateTable('wake_ladders')
          .set({ next_step: step + 1, next_at: nextAt && iso(nextAt), state: following ? 'ringing' : 'exhausted' })
          .where('id', '=', ladderId)
          .execute();
        const inserted = await trx
          .insertInto('notifications')
          .values({
            ladder_id: ladderId,
            group_id: row.group_id,
            channel: planned.channel,
            kind: 'wake',
            step,
            attempt: 1,
            scheduled_at: iso(planned.at),
            outcome: 'sending',
            fencing_token: token,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        return toAttempt(inserted);
      });
    },

    async addAttempt(of, now) {
      return insertFenced({
        ladder_id: of.ladderId,
        group_id: of.groupId,
        channel: of.channel,
        kind: of.kind,
        step: of.step,
        attempt: of.attempt + 1,
        scheduled_at: iso(now),
        outcome: 'sending',
      });
    },

    async finishAttempt(id, result) {
      await db
        .updateTable('notifications')
        .set({
          outcome: result.outcome,
          ...(result.sentAt !== undefined && { sent_at: result.sentAt && iso(result.sentAt) }),
          ...(result.providerId !== undefined && { provider_id: result.providerId }),
          ...(result.costUsd !== undefined && { cost_usd: result.costUsd }),
          ...(result.error !== undefined && { error: result.error }),
        })
        .where('id', '=', id)
        .execute();
    },

    async getAttempt(id) {
      const row = await db.selectFrom('notifications').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? toAttempt(row) : null;
    },

    async pullForward(ladderId, now) {
      await db
        .updateTable('wake_ladders')
        .set({ next_at: iso(now) })
        .where('id', '=', ladderId)
        .where('state', '=', 'ringing')
        .where('next_at', '>', iso(now))
        .execute();
    },

    async acknowledge(groupId, via, now) {
      return db.transaction().execute(async (trx) => {
        const group = await trx
          .selectFrom('alert_groups')
          .select(['id', 'state'])
          .where('id', '=', groupId)
          .executeTakeFirst();
        if (!group) return { found: false, ladder: null, changed: false };
        const ladder = await trx
          .selectFrom('wake_ladders')
          .selectAll()
          .where('group_id', '=', groupId)
          .executeTakeFirst();
        let changed = false;
        if (ladder?.state === 'ringing' || ladder?.state === 'exhausted') {
          await trx
            .updateTable('wake_ladders')
            .set({ state: 'acked', acked_at: iso(now), acked_via: via, next_at: null })
            .where('id', '=', ladder.id)
            .execute();
          changed = true;
        }
        if (group.state === 'open') {
          await trx.updateTable('alert_groups').set({ state: 'acked' }).where('id', '=', groupId).execute();
          changed = true;
        }
        const after = ladder
          ? await trx.selectFrom('wake_ladders').selectAll().where('id', '=', ladder.id).executeTakeFirstOrThrow()
          : null;
        return { found: true, ladder: after ? toLadder(after) : null, changed };
      });
    },

    async markResolved(ladderId) {
      const result = await db
        .updateTable('wake_ladders')
        .set({ state: 'resolved', next_at: null })
        .where('id', '=', ladderId)
        .where('state', '=', 'ringing')
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },

    async latestRinging() {
      const row = await db
        .selectFrom('wake_ladders')
        .selectAll()
        .where('state', 'in', ['ringing', 'exhausted'])
        .orderBy('id', 'desc')
        .executeTakeFirst();
      return row ? toLadder(row) : null;
    },

    async recordMessage(input) {
      return insertFenced({
        ladder_id: input.ladderId,
        group_id: input.groupId,
        channel: input.channel,
        kind: input.kind,
        step: input.step,
        attempt: input.attempt,
        scheduled_at: iso(input.scheduledAt),
        sent_at: input.sentAt && iso(input.sentAt),
        outcome: input.outcome,
        provider_id: input.providerId,
        cost_usd: input.costUsd,
        error: input.error,
      });
    },

    async attemptsOf(groupId) {
      return (
        await db.selectFrom('notifications').selectAll().where('group_id', '=', groupId).orderBy('id').execute()
      ).map(toAttempt);
    },

    async abandonSending(before) {
      const result = await db
        .updateTable('notifications')
        .set({ outcome: 'unknown', error: 'the daemon stopped before the provider answered; not re-sent' })
        .where('outcome', '=', 'sending')
        .where('scheduled_at', '<', iso(before))
        .executeTakeFirst();
      return Number(result.numUpdatedRows);
    },

    async spendSince(since) {
      // A failed attempt cost nothing; an `unknown` one (cut short by a crash) may have rung, so it counts.
      const rows = await db
        .selectFrom('notifications')
        .select(['channel', 'cost_usd'])
        .where('scheduled_at', '>=', iso(since))
        .where('outcome', 'not in', ['failed', 'sending'])
        .execute();
      const spend = { calls: 0, sms: 0, messages: 0, costUsd: 0 };
      for (const r of rows) {
        if (r.channel === 'call') spend.calls++;
        else if (r.channel === 'sms') spend.sms++;
        else spend.messages++;
        spend.costUsd += Number(r.cost_usd);
      }
      spend.costUsd = Math.round(spend.costUsd * 10_000) / 10_000;
      return spend;
    },
  };
}

function toLadder(r: Selectable<WakeLaddersTable>): Ladder {
  const steps = (JSON.parse(r.steps) as Array<{ channel: StepChannel; at: string }>).map(
    (s): LadderStep => ({ channel: s.channel, at: new Date(s.at) }),
  );
  return {
    id: r.id,
    groupId: r.group_id,
    state: r.state as Ladder['state'],
    steps,
    nextStep: r.next_step,
    nextAt: maybeDate(r.next_at),
    startedAt: new Date(r.started_at),
    ackedAt: maybeDate(r.acked_at),
    ackedVia: r.acked_via,
  };
}

function toAttempt(r: Selectable<NotificationsTable>): Attempt {
  return {
    id: r.id,
    ladderId: r.ladder_id,
    groupId: r.group_id,
    channel: r.channel as StepChannel,
    kind: r.kind as Attempt['kind'],
    step: r.step,
    attempt: r.attempt,
    scheduledAt: new Date(r.scheduled_at),
    sentAt: maybeDate(r.sent_at),
    outcome: r.outcome as AttemptOutcome,
    providerId: r.provider_id,
    costUsd: Number(r.cost_usd),
    error: r.error,
  };
}
