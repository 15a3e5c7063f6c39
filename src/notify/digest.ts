import type { ChannelName } from '../core/channel.js';

// The morning digest goes out through the same providers as a wake, but as one long message
// already rendered for each of them (src/digest/render); each unit's digest.ts only delivers it.

/** A digest ready to send: the renderers (src/digest/render) made every form. */
export interface DigestMessage {
  /** e.g. "[soloops] Night of 22 Nov: 47 alerts, 1 woke you". */
  subject: string;
  /** Plain text. */
  text: string;
  /** A full HTML page. */
  html: string;
  markdown: string;
  /** Slack's incoming-webhook payload. */
  slack: { text: string; blocks: unknown[] };
  /** Discord's webhook payload. */
  discord: { content: string; embeds: unknown[] };
  /** Where the person can read it in full (ntfy click action), optional. */
  link?: string | undefined;
}

/**
 * One digest channel. `send` resolves once the provider took the message and rejects with a
 * ChannelError otherwise (retryable for timeouts, connection failures, 5xx and 429); it never
 * retries by itself, and its errors never carry a webhook URL or an SMTP password.
 */
export interface DigestSender {
  readonly name: ChannelName;
  send(message: DigestMessage, signal?: AbortSignal): Promise<{ providerId?: string }>;
}
