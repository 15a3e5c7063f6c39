import type { DigestSender } from '../digest.js';
import { jsonRequest, postWebhook } from '../http.js';
import type { SlackChannelOptions } from './wake.js';

/** The digest's Block Kit form through a Slack incoming webhook (Slack answers 200 "ok", no id). */
export function slackDigestSender({ webhookUrl }: SlackChannelOptions): DigestSender {
  return {
    name: 'slack',
    async send(message, signal) {
      await postWebhook('Slack webhook', webhookUrl, jsonRequest(message.slack), signal);
      return {};
    },
  };
}
