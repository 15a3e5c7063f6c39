import { severityLabel, truncate } from './format.js';
import type { OutlineItem } from './outline.js';

/** How one chat dialect (Slack mrkdwn, Discord Markdown) escapes, bolds and quotes code. */
export interface ChatStyle {
  escape(text: string): string;
  bold(text: string): string;
  code(text: string): string;
}

/** Longest note we put in a chat message: the full summary is in the digest itself. */
const NOTE_MAX = 400;

/**
 * One outline item as a chat bullet, its notes and command indented beneath. It is one string so
 * fitLines cuts between items, never inside one.
 */
export function chatItem(item: OutlineItem, style: ChatStyle): string {
  const sev = item.severity ? `${style.bold(severityLabel(item.severity))} ` : '';
  const ref = item.ref ? `${style.code(item.ref)} ` : '';
  const facts = item.facts.length > 0 ? ` · ${style.escape(item.facts.join(' · '))}` : '';
  const lines = [`• ${sev}${ref}${style.escape(item.title)}${facts}`];
  for (const note of item.notes) {
    lines.push(`    ${style.escape(truncate(note, NOTE_MAX))}`);
  }
  if (item.command) lines.push(`    ${style.code(item.command)}`);
  return lines.join('\n');
}
