import type { Digest } from '../../core/digest.js';
import { renderHtml } from './html.js';
import { renderMarkdown } from './markdown.js';
import { renderText } from './text.js';

export { discordDigest, type DiscordPayload } from './discord.js';
export { escapeHtml, renderHtml } from './html.js';
export { renderMarkdown } from './markdown.js';
export { escapeMrkdwn, slackDigest } from './slack.js';
export { renderText } from './text.js';

/** The formats `soloops digest --format` writes to stdout. */
export type DigestFormat = 'text' | 'md' | 'html' | 'json';

/**
 * Renders the digest in one of the stdout formats, ending in one newline (ready for
 * process.stdout.write). `color` only affects `text`; json is the Digest itself (dates as ISO
 * strings), for scripts.
 */
export function renderDigest(digest: Digest, format: DigestFormat, options: { color: boolean }): string {
  switch (format) {
    case 'text':
      return renderText(digest, options);
    case 'md':
      return renderMarkdown(digest);
    case 'html':
      return renderHtml(digest);
    case 'json':
      return `${JSON.stringify(digest, null, 2)}\n`;
  }
}
