// The notification channel contract, in core so the wake ladder (src/watch/wake/) and the
// channels (src/notify/) both build on it without importing each other.
import type { Severity } from './alert.js';

/**
 * The channels Smart Wake and the digest can use: the one list every type, schema enum and CLI
 * choice is derived from. Each is provided by a unit of src/notify/ (see notify/registry.ts,
 * which does not compile without one); `call` and `sms` both by the Twilio unit.
 */
export const CHANNELS = ['call', 'sms', 'email', 'slack', 'discord', 'ntfy'] as const;

/** A channel's name, as configured and as stored. */
export type ChannelName = (typeof CHANNELS)[number];

/** What one attempt of the wake ladder asks a channel to deliver. */
export interface WakeMessage {
  /**
   * `wake`: a critical group needs the person; `resolved`: it resolved before anyone acknowledged it;
   * `test`: `watch test-wake`; `warning`: a warning pushed by day (`wake.warnings_to`).
   */
  kind: 'wake' | 'resolved' | 'test' | 'warning';
  /** The alert group (what `soloops ack ID` takes). */
  groupId: number;
  /** The stored attempt (notifications row): Twilio's callbacks carry it back. */
  attemptId: number;
  service: string;
  title: string;
  severity: Severity;
  alertCount: number;
  firstSeen: Date;
  /** One line on how to acknowledge, e.g. "reply ACK 12 or run: soloops ack 12". */
  ackHint: string;
}

/** What the provider said when it took the message. */
export interface SendResult {
  /** The provider's id (Twilio's CA…/SM… sid, SMTP message id…), when it gives one. */
  providerId?: string;
  /** What this attempt costs so far, in US dollars (a call is re-priced when its status arrives). */
  costUsd?: number;
}

/**
 * One notification channel (built by its unit in src/notify/). `send` resolves once the provider
 * accepted the message and rejects with ChannelError otherwise; it never retries: retries,
 * dedup and the ladder's order live in the pipeline (src/watch/wake/).
 */
export interface Channel {
  readonly name: ChannelName;
  send(message: WakeMessage, signal?: AbortSignal): Promise<SendResult>;
}

/** A channel's failure. `retryable`: a timeout, a connection failure or a 5xx/429, worth another try. */
export class ChannelError extends Error {
  override readonly name = 'ChannelError';
  constructor(
    message: string,
    readonly retryable: boolean,
    readonly status?: number,
  ) {
    super(message);
  }
}
