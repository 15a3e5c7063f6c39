import type { Channel, WakeMessage } from '../../core/channel.js';
import { messageOf } from '../../core/errors.js';
import { singleFlight } from '../../core/single-flight.js';
import type { Attempt, Ladder, StepChannel, WakeStore } from '../../core/wake.js';
import type { AlertGroup } from '../../core/watch.js';
import { withChannelRetries } from '../../notify/retry.js';
import { planLadder, type LadderSettings } from './plan.js';

/** Smart Wake's settings (from `wake:` in config). */
export interface WakeSettings extends LadderSettings {
  /** Extra tries per step when a channel fails in a way worth retrying. */
  retries: number;
  /** The first retry's delay; each further one doubles it. */
  retryDelayMs: number;
  /** Whether Twilio can reach us for the key press (wake.public_url). */
  keyPress: boolean;
}

/** What the ladder runs with; built by src/app/wake/wake.ts. */
export interface WakeDeps {
  store: WakeStore;
  channels: Partial<Record<StepChannel, Channel>>;
  settings: WakeSettings;
  now(): Date;
  /** What a finished call cost, from its duration (Twilio bills per started minute). */
  priceOfCall(durationSeconds: number): number;
  log: {
    info(details: object, message: string): void;
    warn(details: object, message: string): void;
    error(details: object, message: string): void;
  };
  /** The incident a group's wake belongs to (automatic incidents), named in the call and the text. Never throws. */
  incidentOf?(groupId: number): Promise<string | null>;
  /** Every attempt as it is made or answered, for the live view and logs. */
  onAttempt?(attempt: Pick<Attempt, 'channel' | 'kind' | 'groupId' | 'outcome'> & { error?: string | null }): void;
}

/** Twilio's call status callback fields we read. */
export interface CallStatus {
  CallStatus?: string;
  AnsweredBy?: string;
  CallDuration?: string;
}

/**
 * The wake ladder of one daemon: starts a ladder for each critical group (one per group, ever),
 * runs its steps as they fall due from the schedule in the store (so a restart resumes it),
 * retries a failing channel within its step, moves on at once when a step fails for good, and
 * stops on acknowledgement or resolution. `tick()` is single-flight.
 */
export function createWakeLadder(deps: WakeDeps) {
  const { store, settings, log } = deps;

  // A test (`watch test-wake`) has no group to acknowledge: it says how a real alert is acknowledged.
  const hint = (groupId: number, kind: WakeMessage['kind']) => {
    const how = settings.keyPress ? 'Press 1 on the call, reply' : 'Reply';
    return kind === 'test'
      ? `On a real alert: ${how.toLowerCase()} ACK and its number, or run: soloops ack NUMBER`
      : `${how} ACK ${groupId} or run: soloops ack ${groupId}`;
  };
  const messageFor = (
    group: AlertGroup,
    attempt: Attempt,
    kind: WakeMessage['kind'],
    incident: string | null,
  ): WakeMessage => ({
    kind,
    groupId: group.id,
    attemptId: attempt.id,
    service: group.service,
    // "api is down (inc-2026-004)": what is wrong first (a half-awake person hears it first), then
    // which incident it belongs to; plain ASCII so an SMS stays GSM-7.
    title: incident ? `${group.title} (${incident})` : group.title,
    severity: group.severity,
    alertCount: group.alertCount,
    firstSeen: group.firstSeen,
    ackHint: hint(group.id, kind),
  });

  /** Sends one claimed attempt, retrying within the step; true when the provider took it. */
  const deliver = async (group: AlertGroup, first: Attempt, kind: WakeMessage['kind']): Promise<boolean> => {
    const channel = deps.channels[first.channel];
    if (!channel) {
      await store.finishAttempt(first.id, { outcome: 'failed', error: `${first.channel} is not configured` });
      return false;
    }
    const incident = kind === 'test' ? null : ((await deps.incidentOf?.(group.id)) ?? null);
    let current = first;
    let tries = 0;
    try {
      await withChannelRetries(
        async () => {
          if (tries++ > 0) current = await store.addAttempt(current, deps.now());
          const result = await channel.send(messageFor(group, current, kind, incident));
          await store.finishAttempt(current.id, {
            outcome: 'sent',
            sentAt: deps.now(),
            providerId: result.providerId ?? null,
            costUsd: result.costUsd ?? 0,
          });
          deps.onAttempt?.({ channel: current.channel, kind, groupId: group.id, outcome: 'sent' });
        },
        {
          retries: settings.retries,
          delayMs: settings.retryDelayMs,
          onFailure: async (error) => {
            await store.finishAttempt(current.id, { outcome: 'failed', error: messageOf(error) });
            deps.onAttempt?.({
              channel: current.channel,
              kind,
              groupId: group.id,
              outcome: 'failed',
              error: messageOf(error),
            });
          },
        },
      );
      return true;
    } catch (error) {
      log.error({ group: group.id, channel: current.channel, err: messageOf(error) }, 'wake step failed; moving on');
      return false;
    }
  };

  /** Runs every step of this ladder that is due, in order. */
  const runDue = async (ladder: Ladder, group: AlertGroup) => {
    let next: Ladder | null = ladder;
    while (next && next.state === 'ringing' && next.nextAt && next.nextAt <= deps.now()) {
      const attempt = await store.claimStep(next.id, next.nextStep, deps.now());
      if (!attempt) break;
      log.info(
        { group: group.id, step: attempt.step, channel: attempt.channel },
        `waking: ${attempt.channel} for ${group.service}: ${group.title}`,
      );
      // A channel that cannot deliver is no reason to wait three minutes for the next one.
      if (!(await deliver(group, attempt, 'wake'))) await store.pullForward(next.id, deps.now());
      next = await store.ladderForGroup(group.id);
    }
  };

  /** A group that resolved before anyone acknowledged it: stop, and say so once where the person was reached. */
  const closeResolved = async (ladder: Ladder, group: AlertGroup) => {
    if (!(await store.markResolved(ladder.id))) return;
    const sent = (await store.attemptsOf(group.id)).filter((a) => a.sentAt);
    log.info({ group: group.id }, 'resolved before it was acknowledged; ladder stopped');
    if (sent.length === 0) return;
    const channel: StepChannel | undefined = deps.channels.sms
      ? 'sms'
      : settings.fallbacks.find((c) => deps.channels[c]);
    if (!channel) return;
    const attempt = await store.recordMessage({
      ladderId: ladder.id,
      groupId: group.id,
      channel,
      kind: 'resolved',
      step: ladder.steps.length,
      attempt: 1,
      scheduledAt: deps.now(),
      sentAt: null,
      outcome: 'sending',
      providerId: null,
      costUsd: 0,
      error: null,
    });
    await deliver(group, attempt, 'resolved');
  };

  const pass = async () => {
    for (const { ladder, group } of await store.resolvedWhileRinging()) await closeResolved(ladder, group);
    for (const { ladder, group } of await store.dueLadders(deps.now())) await runDue(ladder, group);
  };

  const runPass = singleFlight(async () => {
    try {
      await pass();
    } catch (error) {
      log.error({ err: messageOf(error) }, 'wake pass failed; will retry on the next tick');
    }
  });
  let last: Promise<void> = Promise.resolve();
  // The newest pass, for idle(): a graceful stop waits for it.
  const tick = () => (last = runPass());

  return {
    tick: tick,

    /** Resolves once a pass in progress has finished (for a graceful stop). */
    async idle(): Promise<void> {
      await last;
    },

    /** Starts the group's ladder (unless it has one) and runs its first step now. */
    async wake(group: AlertGroup): Promise<void> {
      const ladder = await store.startLadder(group.id, planLadder(settings, deps.now()), deps.now());
      if (ladder?.steps.length === 0) {
        log.error(
          { group: group.id },
          `WAKE: ${group.service}: ${group.title}, but no wake channel is configured, so nobody was called ` +
            '(add wake.twilio or a fallback channel)',
        );
      } else if (ladder)
        log.warn({ group: group.id, steps: ladder.steps.length }, `WAKE: ${group.service}: ${group.title}`);
      await tick();
    },

    /** `soloops ack`, `POST /v1/ack/ID`, the key press or an SMS reply. */
    async acknowledge(groupId: number, via: string) {
      const result = await store.acknowledge(groupId, via, deps.now());
      if (result.changed) log.info({ group: groupId, via }, 'acknowledged; the ladder stopped');
      return result;
    },

    /** The key pressed during a call (Twilio's Gather action): 1 acknowledges. */
    async keyPressed(attemptId: number, digits: string | undefined): Promise<boolean> {
      const attempt = await store.getAttempt(attemptId);
      if (!attempt || digits?.trim() !== '1') return false;
      await store.finishAttempt(attempt.id, { outcome: 'acked' });
      await this.acknowledge(attempt.groupId, 'call');
      return true;
    },

    /** Twilio's status callback for a call: the outcome, AnsweredBy, and the cost from the duration. */
    async callStatus(attemptId: number, status: CallStatus): Promise<void> {
      const attempt = await store.getAttempt(attemptId);
      if (!attempt) return;
      const costUsd = deps.priceOfCall(Number(status.CallDuration ?? 0));
      const outcome = attempt.outcome === 'acked' ? 'acked' : callOutcome(status);
      await store.finishAttempt(attempt.id, { outcome, costUsd });
      deps.onAttempt?.({ channel: 'call', kind: attempt.kind, groupId: attempt.groupId, outcome });
      if (outcome === 'failed' && attempt.ladderId) {
        await store.pullForward(attempt.ladderId, deps.now());
        await tick();
      }
    },

    /** Twilio's status callback for a text: delivered, or not (then the next step is due at once). */
    async smsStatus(attemptId: number, status: { MessageStatus?: string }): Promise<void> {
      const attempt = await store.getAttempt(attemptId);
      if (!attempt) return;
      const outcome =
        status.MessageStatus === 'delivered'
          ? 'delivered'
          : status.MessageStatus === 'undelivered' || status.MessageStatus === 'failed'
            ? 'undelivered'
            : null;
      if (!outcome) return;
      await store.finishAttempt(attempt.id, { outcome });
      if (outcome === 'undelivered' && attempt.ladderId) {
        await store.pullForward(attempt.ladderId, deps.now());
        await tick();
      }
    },

    /** An SMS from the person: "ACK" (optionally with the group id) acknowledges. Returns the group acknowledged. */
    async smsReply(body: string): Promise<number | null> {
      const match = /^\s*ack\b\D*(\d+)?/i.exec(body);
      if (!match) return null;
      const groupId = match[1] ? Number(match[1]) : (await store.latestRinging())?.groupId;
      if (!groupId) return null;
      const result = await this.acknowledge(groupId, 'sms');
      return result.found ? groupId : null;
    },

    /** Sends a one-off message outside a ladder (warnings by day, `watch test-wake`); true when delivered. */
    async message(group: AlertGroup, channel: StepChannel, kind: 'warning' | 'test'): Promise<boolean> {
      const attempt = await store.recordMessage({
        ladderId: null,
        groupId: group.id,
        channel,
        kind,
        step: 0,
        attempt: 1,
        scheduledAt: deps.now(),
        sentAt: null,
        outcome: 'sending',
        providerId: null,
        costUsd: 0,
        error: null,
      });
      return deliver(group, attempt, kind);
    },
  };
}

export type WakeLadder = ReturnType<typeof createWakeLadder>;

function callOutcome(status: CallStatus) {
  const answeredBy = status.AnsweredBy ?? '';
  switch (status.CallStatus) {
    case 'completed':
      return answeredBy.startsWith('machine') || answeredBy === 'fax' ? 'machine' : 'answered';
    case 'busy':
      return 'busy';
    case 'no-answer':
      return 'no-answer';
    case 'failed':
    case 'canceled':
      return 'failed';
    default:
      return 'sent';
  }
}
