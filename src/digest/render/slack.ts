import type { Digest } from '../../core/digest.js';
import { chatItem, type ChatStyle } from './chat.js';
import { fitLines, plural, truncate } from './format.js';
import { buildOutline, type OutlineSection } from './outline.js';

// Slack's documented Block Kit limits: 50 blocks a message, 150 characters in a header,
// 3000 in a section's text. Services beyond MAX_SERVICES are counted, not shown.
const MAX_BLOCKS = 50;
const HEADER_MAX = 150;
const SECTION_MAX = 3000;
const MAX_SERVICES = 10;

/** Slack asks for exactly these three escapes in mrkdwn; they also defuse <!channel> and <url|text>. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

const style: ChatStyle = {
  escape: escapeMrkdwn,
  bold: (text) => `*${text}*`,
  code: (text) => `\`${escapeMrkdwn(text)}\``,
};

/**
 * The digest as a Slack message (Block Kit): a header, the totals, then woke you, still firing,
 * the noisiest services, health checks and delivery problems, each cut to Slack's limits with
 * "… and N more". `text` is the notification and fallback line.
 */
export function slackDigest(digest: Digest): { text: string; blocks: unknown[] } {
  const outline = buildOutline(digest);
  const blocks: unknown[] = [
    { type: 'header', text: { type: 'plain_text', text: truncate(outline.header, HEADER_MAX), emoji: true } },
    { type: 'context', elements: [{ type: 'mrkdwn', text: escapeMrkdwn(outline.summary.join('\n')) }] },
  ];
  const services = outline.sections.filter((s) => s.kind === 'service');
  const hidden = services.length - MAX_SERVICES;
  let shown = 0;
  for (const section of outline.sections) {
    if (section.kind === 'service' && ++shown > MAX_SERVICES) continue;
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: sectionText(section) } });
    if (section.kind === 'service' && shown === MAX_SERVICES && hidden > 0) blocks.push(moreServices(hidden));
  }
  return {
    text: escapeMrkdwn(`${outline.header}: ${outline.summary.join(' · ')}`),
    // At most 2 + 4 + MAX_SERVICES + 1 blocks are built; the cap guards future sections.
    blocks: blocks.slice(0, MAX_BLOCKS),
  };
}

function sectionText(section: OutlineSection): string {
  const heading = `*${escapeMrkdwn(section.heading)}*`;
  const noun = section.kind === 'service' ? 'more alert types' : 'more';
  return `${heading}\n${fitLines(
    section.items.map((item) => chatItem(item, style)),
    SECTION_MAX - heading.length - 1,
    noun,
  )}`;
}

function moreServices(count: number): unknown {
  return { type: 'context', elements: [{ type: 'mrkdwn', text: `… and ${plural(count, 'more service')}` }] };
}
