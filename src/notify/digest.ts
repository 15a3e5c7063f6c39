import { smtpSender } from './email/smtp.js';
import { headerText, idOf, jsonRequest, postWebhook } from './http.js';
import { clip } from './text.js';

// The morning digest goes out through the same providers as a wake, but as one long message
// already rendered for each of them (src/digest/render); these senders only deliver it.

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

/** The channels a digest can go to. */
export type DigestChannelName = 'email' | 'slack' | 'discord' | 'ntfy';

/**
 * One digest channel. `send` resolves once the provider took the message and rejects with a
 * ChannelError otherwise (retryable for timeouts, connection failures, 5xx and 429); it never
 * retries by itself, and its errors never carry a webhook URL or an SMTP password.
 */
export interface DigestSender {
  readonly name: DigestChannelName;
  send(message: DigestMessage, signal?: AbortSignal): Promise<{ providerId?: string }>;
}

/**
 * ntfy turns a body over 4096 bytes into an "attachment.txt" the phone does not show; a digest
 * that long is cut to fit, and the person follows the link for the rest.
 */
const NTFY_MAX_BYTES = 4096;

/** The answer's `id` (Discord with ?wait=true, ntfy) as a providerId, when there is one. */
async function resultOf(response: Response): Promise<{ providerId?: string }> {
  const providerId = await idOf(response);
  return providerId ? { providerId } : {};
}

/** Whole lines of the markdown that fit NTFY_MAX_BYTES with a note on where the rest is. */
function fitForNtfy(markdown: string, link: string | undefined): string {
  if (Buffer.byteLength(markdown, 'utf8') <= NTFY_MAX_BYTES) return markdown;
  const note = `\n\n… cut to fit ntfy. ${link ? `The full digest: ${link}` : 'Run `soloops digest` for the rest.'}`;
  let budget = NTFY_MAX_BYTES - Buffer.byteLength(note, 'utf8');
  const kept: string[] = [];
  for (const line of markdown.split('\n')) {
    const bytes = Buffer.byteLength(line, 'utf8') + 1;
    if (bytes > budget) {
      // A first line longer than the whole budget still shows its start; later ones are dropped whole.
      if (kept.length === 0)
        kept.push(
          Buffer.from(line, 'utf8')
            .subarray(0, budget)
            .toString('utf8')
            .replace(/\uFFFD$/, ''),
        );
      break;
    }
    kept.push(line);
    budget -= bytes;
  }
  return `${kept.join('\n').trimEnd()}${note}`;
}

/** The digest as a multipart/alternative email (its text and HTML forms) through one SMTP server. */
export function emailDigestSender(options: { smtpUrl: string; from: string; to: string }): DigestSender {
  // The digest goes through the wake: section's SMTP server (see the digest: config section).
  const send = smtpSender(options, 'wake.email.smtp_url');
  return {
    name: 'email',
    send: ({ subject, text, html }, signal) => send({ subject, text, html }, signal),
  };
}

/** The digest's Block Kit form through a Slack incoming webhook (Slack answers 200 "ok", no id). */
export function slackDigestSender({ webhookUrl }: { webhookUrl: string }): DigestSender {
  return {
    name: 'slack',
    async send(message, signal) {
      await postWebhook('Slack webhook', webhookUrl, jsonRequest(message.slack), signal);
      return {};
    },
  };
}

/** The digest's embeds through a Discord webhook (204, or 200 with the message under ?wait=true). */
export function discordDigestSender({ webhookUrl }: { webhookUrl: string }): DigestSender {
  return {
    name: 'discord',
    async send(message, signal) {
      // Alert titles are outside text: an "@everyone" in one must not ping the whole server.
      const payload = { ...message.discord, allowed_mentions: { parse: [] } };
      return resultOf(await postWebhook('Discord webhook', webhookUrl, jsonRequest(payload), signal));
    },
  };
}

/**
 * The digest's markdown form on an ntfy topic, at default priority (it is news, not a wake),
 * with the sunrise tag, and a click action to the full digest when there is a link.
 */
export function ntfyDigestSender({ url, token }: { url: string; token?: string | undefined }): DigestSender {
  return {
    name: 'ntfy',
    async send(message, signal) {
      // A header must be ASCII: URL's href percent-encodes a path and punycodes a host.
      const click = message.link && URL.canParse(message.link) ? new URL(message.link).href : undefined;
      const headers: Record<string, string> = {
        'content-type': 'text/markdown; charset=utf-8',
        Title: headerText(clip(message.subject, 250)),
        Markdown: 'yes',
        Priority: 'default',
        Tags: 'sunrise',
        ...(click ? { Click: click } : {}),
        ...(token ? { Authorization: `Bearer ${token}` } : {}),
      };
      const body = fitForNtfy(message.markdown, click);
      return resultOf(await postWebhook('ntfy topic', url, { headers, body }, signal));
    },
  };
}
