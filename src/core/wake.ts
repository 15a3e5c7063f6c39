import type { ChannelName } from './channel.js';
import type { AlertGroup } from './watch.js';

/** A channel name as stored. */
export type StepChannel = ChannelName;

/** One planned step of a wake ladder: a channel and when it is due. */
export interface LadderStep {
  channel: StepChannel;
  at: Date;
}

/**
 * A wake ladder as stored: the plan for one critical group and how far it got. `ringing` runs
 * steps as they fall due; `acked` (the person answered), `resolved` (the group resolved first)
 * and `exhausted` (every step ran) stop it.
 */
export interface Ladder {
  id: number;
  groupId: number;
  state: 'ringing' | 'acked' | 'resolved' | 'exhausted';
  steps: LadderStep[];
  /** Index of the next step to run; equals steps.length once every step has been claimed. */
  nextStep: number;
  nextAt: Date | null;
  startedAt: Date;
  ackedAt: Date | null;
  ackedVia: string | null;
}

/** What an attempt ended as. `sending`: claimed, the provider's answer not recorded yet. */
export type AttemptOutcome =
  | 'sending'
  | 'sent'
  | 'failed'
  | 'unknown'
  | 'answered'
  | 'acked'
  | 'no-answer'
  | 'busy'
  | 'machine'
  | 'delivered'
  | 'undelivered';

/** One try of one step on one channel (the `notifications` table). */
export interface Attempt {
  id: number;
  ladderId: number | null;
  groupId: number;
  channel: StepChannel;
  kind: 'wake' | 'resolved' | 'test' | 'warning';
  step: number;
  attempt: number;
  scheduledAt: Date;
  sentAt: Date | null;
  outcome: AttemptOutcome;
  providerId: string | null;
  costUsd: number;
  error: string | null;
}

/** Calls and texts made since a moment, and what they cost. */
export interface Spend {
  calls: number;
  sms: number;
  messages: number;
  costUsd: number;
}

/** Smart Wake's part of the store (migration 004). */
export interface WakeStore {
  /** Starts the ladder for a group; null when the group already has one (one ladder per group, ever). */
  startLadder(groupId: number, steps: LadderStep[], now: Date): Promise<Ladder | null>;
  ladderForGroup(groupId: number): Promise<Ladder | null>;
  /** Ringing ladders whose next step is due at `now`, with their groups. */
  dueLadders(now: Date): Promise<Array<{ ladder: Ladder; group: AlertGroup }>>;
  /** Ringing ladders whose group has resolved. */
  resolvedWhileRinging(): Promise<Array<{ ladder: Ladder; group: AlertGroup }>>;
  /**
   * Claims step `step` of a ringing ladder and records its first attempt as `sending`, in one
   * transaction; moves the ladder to the next step (or `exhausted`). Null when the step is no
   * longer the ladder's next (another pass claimed it, or the ladder stopped).
   */
  claimStep(ladderId: number, step: number, now: Date): Promise<Attempt | null>;
  /** Records another try of a claimed step (a retry after a failure). */
  addAttempt(of: Attempt, now: Date): Promise<Attempt>;
  /** Records what the provider said. */
  finishAttempt(
    id: number,
    result: {
      outcome: AttemptOutcome;
      sentAt?: Date | null;
      providerId?: string | null;
      costUsd?: number;
      error?: string | null;
    },
  ): Promise<void>;
  getAttempt(id: number): Promise<Attempt | null>;
  /** A step that failed for good: the ladder's next step is due now instead of at its planned time. */
  pullForward(ladderId: number, now: Date): Promise<void>;
  /** Stops the group's ladder (and marks the group acked). False when the group is unknown. */
  acknowledge(
    groupId: number,
    via: string,
    now: Date,
  ): Promise<{ found: boolean; ladder: Ladder | null; changed: boolean }>;
  /** Stops a ringing ladder whose group resolved. */
  markResolved(ladderId: number): Promise<boolean>;
  /** The most recently started ladder still ringing (for an SMS reply "ACK" without an id). */
  latestRinging(): Promise<Ladder | null>;
  /** Records a one-off message outside a ladder's steps (resolved notice, test, warning push). */
  recordMessage(input: Omit<Attempt, 'id'>): Promise<Attempt>;
  attemptsOf(groupId: number): Promise<Attempt[]>;
  /** Attempts left `sending` by a crash: marked `unknown`, never re-sent (no double call). */
  abandonSending(before: Date): Promise<number>;
  spendSince(since: Date): Promise<Spend>;
}
