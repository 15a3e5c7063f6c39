import type { Digest } from '../../core/digest.js';
import { chatItem, type ChatStyle } from './chat.js';
import { escapeMarkdown, fitLines, plural, truncate } from './format.js';
import { buildOutline, type OutlineSection } from './outline.js';

// Discord's documented message limits: 10 embeds, titles of 256, descriptions of 4096, and
// 6000 characters over all embeds together (titles, descriptions, footers).
const MAX_EMBEDS = 10;
const TITLE_MAX = 256;
const DESCRIPTION_MAX = 4096;
const TOTAL_MAX = 6000;
/** The summary embed may use this much, leaving the rest for per-service embeds. */
const SUMMARY_BUDGET = 2400;
/** A service embed with less room than this would be all "… and N more". */
const MIN_SERVICE_ROOM = 200;
const FOOTER_RESERVE = 64;

const RED = 0xd32f2f;
const AMBER = 0xf0a202;
const GREEN = 0x2e7d32;

const style: ChatStyle = {
  escape: escapeMarkdown,
  bold: (text) => `**${text}**`,
  // Inside a code span Discord shows backslashes literally, so only the backtick is neutralised.
  code: (text) => `\`${text.replace(/`/g, "'")}\``,
};

interface Embed {
  title: string;
  description: string;
  color: number;
  footer?: { text: string };
}

/** A Discord webhook payload: content, embeds and allowed_mentions. */
export interface DiscordPayload {
  content: string;
  embeds: Embed[];
  /** No @everyone, role or user pings from alert text. */
  allowed_mentions: { parse: never[] };
}

/**
 * The digest as a Discord webhook message: one summary embed (red if anything woke the person,
 * amber if something is still firing, green otherwise) and one embed per top service, all within
 * Discord's limits; what does not fit is counted ("… and N more").
 */
export function discordDigest(digest: Digest): DiscordPayload {
  const outline = buildOutline(digest);
  const color = digest.totals.woke > 0 ? RED : digest.stillFiring.length > 0 ? AMBER : GREEN;
  const others = outline.sections.filter((s) => s.kind !== 'service');
  const summary: Embed = {
    title: truncate(escapeMarkdown(outline.header), TITLE_MAX),
    description: describe(outline.summary.map(escapeMarkdown).join('\n'), others, SUMMARY_BUDGET),
    color,
  };
  const embeds = [summary];
  let left = TOTAL_MAX - size(summary) - FOOTER_RESERVE;
  const services = outline.sections.filter((s) => s.kind === 'service');
  for (const [index, section] of services.entries()) {
    const title = truncate(escapeMarkdown(section.heading), TITLE_MAX);
    // A fair share of what is left, so the noisiest service cannot crowd out the next ones.
    const slots = Math.min(services.length - index, MAX_EMBEDS - embeds.length);
    const room = Math.min(DESCRIPTION_MAX, Math.floor(left / Math.max(1, slots)) - title.length);
    if (embeds.length >= MAX_EMBEDS || room < MIN_SERVICE_ROOM) break;
    const has = (severity: string) => section.items.some((item) => item.severity === severity);
    const embed = {
      title,
      description: items(section, room),
      color: has('critical') ? RED : has('warning') ? AMBER : GREEN,
    };
    embeds.push(embed);
    left -= size(embed);
  }
  const hidden = services.length - (embeds.length - 1);
  if (hidden > 0) summary.footer = { text: `… and ${plural(hidden, 'more service')} in the full digest` };
  return { content: truncate(escapeMarkdown(outline.header), 2000), embeds, allowed_mentions: { parse: [] } };
}

/**
 * Summary lines, then each section under a bold heading, within `budget` characters. Each section
 * gets a fair share of what is left, so a long "Woke you" cannot push the health checks out.
 */
function describe(summary: string, sections: OutlineSection[], budget: number): string {
  let text = summary;
  for (const [index, section] of sections.entries()) {
    const heading = `\n\n**${escapeMarkdown(section.heading)}**\n`;
    const share = Math.floor((budget - text.length) / (sections.length - index)) - heading.length;
    text += heading + items(section, share);
  }
  return text;
}

function items(section: OutlineSection, room: number): string {
  const noun = section.kind === 'service' ? 'more alert types' : 'more';
  return fitLines(
    section.items.map((item) => chatItem(item, style)),
    room,
    noun,
  );
}

/** What Discord counts towards the 6000-character total. */
function size(embed: Embed): number {
  return embed.title.length + embed.description.length + (embed.footer?.text.length ?? 0);
}
