import type { DigestSender } from '../digest.js';
import { headerText, postWebhook, resultOf } from '../http.js';
import { clip } from '../text.js';
import type { NtfyChannelOptions } from './wake.js';

/**
 * ntfy turns a body over 4096 bytes into an "attachment.txt" the phone does not show; a digest
 * that long is cut to fit, and the person follows the link for the rest.
 */
const NTFY_MAX_BYTES = 4096;

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

/**
 * The digest's markdown form on an ntfy topic, at default priority (it is news, not a wake),
 * with the sunrise tag, and a click action to the full digest when there is a link.
 */
export function ntfyDigestSender({ url, token }: NtfyChannelOptions): DigestSender {
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
