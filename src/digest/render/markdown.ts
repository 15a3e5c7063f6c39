import type { Digest } from '../../core/digest.js';
import { escapeMarkdown, severityLabel } from './format.js';
import { buildOutline, type OutlineItem } from './outline.js';

/**
 * The digest as Markdown (notes, issues, a PR comment): the same sections as the terminal digest,
 * as headings and bullet lists. Alert text is escaped so a title cannot inject links or HTML.
 */
export function renderMarkdown(digest: Digest): string {
  const outline = buildOutline(digest);
  const lines = [`# ${escapeMarkdown(outline.header)}`, '', ...outline.summary.map(escapeMarkdown)];
  for (const section of outline.sections) {
    lines.push('', `## ${escapeMarkdown(section.heading)}`, '');
    for (const item of section.items) lines.push(...itemLines(item));
  }
  return `${lines.join('\n')}\n`;
}

function itemLines(item: OutlineItem): string[] {
  const sev = item.severity ? `**${severityLabel(item.severity)}** ` : '';
  // The ref goes in code spans so "#12" is never taken for an issue link or a heading.
  const ref = item.ref ? `\`${item.ref}\` ` : '';
  const facts = item.facts.length > 0 ? ` — ${escapeMarkdown(item.facts.join(' · '))}` : '';
  const out = [`- ${sev}${ref}${escapeMarkdown(item.title)}${facts}`];
  for (const note of item.notes) out.push(`  - ${escapeMarkdown(note)}`);
  if (item.command) out.push(`  - ${codeSpan(item.command)}`);
  return out;
}

/** A code span that survives backticks inside the command (CommonMark: use a longer fence). */
function codeSpan(text: string): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}
