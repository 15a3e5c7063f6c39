import * as z from 'zod';
import { secretRef } from '../../core/config-primitives.js';
import { notifyUnit } from '../unit.js';

/** `wake.slack`: an incoming webhook (whoever has its URL can post, so it is a secret). */
export const slackSchema = z.strictObject({ webhook_url: secretRef });

/** Slack: a wake step after the calls and the SMS, and the digest in Block Kit, through an incoming webhook. */
export const slackUnit = notifyUnit({
  section: 'slack',
  schema: slackSchema,
  channels: { slack: { fallback: true, digest: true } },
  example: { webhook_url: { env: 'SLACK_WEBHOOK_URL' } },
  open(section, secret) {
    const settings = { webhookUrl: secret(section.webhook_url, 'webhook_url') };
    return {
      wake: async () => ({ channels: { slack: (await import('./wake.js')).slackChannel(settings) } }),
      digest: async () => (await import('./digest.js')).slackDigestSender(settings),
    };
  },
});
