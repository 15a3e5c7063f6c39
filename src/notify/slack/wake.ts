import { jsonRequest, postWebhook } from '../http.js';
import { clip, factsOf, headline, nextStep } from '../text.js';
import type { Channel, WakeMessage } from '../types.js';

/** Options for {@link slackChannel}. */
export interface SlackChannelOptions {
  /** The incoming webhook URL (https://hooks.slack.com/services/…), already resolved from its secret ref. */
  webhookUrl: string;
}

/** Slack's mrkdwn treats these three as markup; everything else is literal. */
function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Block Kit: a header for the push preview, then one section with the facts. */
function slackPayload(message: WakeMessage): unknown {
  const title = `[soloops] ${headline(message, 'Slack')}`;
  const lines = [
    ...factsOf(message).map(([label, value]) => `*${label}:* ${escapeMrkdwn(value)}`),
    escapeMrkdwn(nextStep(message)),
  ];
  return {
    // The notification text on phones and in clients that cannot show blocks.
    text: title,
    blocks: [
      // Slack refuses a header longer than 150 characters.
      { type: 'header', text: { type: 'plain_text', text: clip(title, 150), emoji: true } },
      { type: 'section', text: { type: 'mrkdwn', text: lines.join('\n') } },
    ],
  };
}

/**
 * A Slack incoming webhook. Slack answers 200 "ok" and gives no message id; its error answers
 * (404 "no_service", 403 "invalid_token"…) reject with ChannelError, 5xx and 429 retryable.
 */
export function slackChannel({ webhookUrl }: SlackChannelOptions): Channel {
  return {
    name: 'slack',
    async send(message, signal) {
      await postWebhook('Slack webhook', webhookUrl, jsonRequest(slackPayload(message)), signal);
      return {};
    },
  };
}
