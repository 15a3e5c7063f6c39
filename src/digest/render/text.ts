import pc from 'picocolors';
import type { Severity } from '../../core/alert.js';
import type { Digest } from '../../core/digest.js';
import { severityLabel, truncate } from './format.js';
import { buildOutline, type OutlineItem } from './outline.js';

/** Terminal width we lay out for; wider terminals still read it fine, 80-column ones wrap rarely. */
const WIDTH = 100;
const SEVERITY_PAD = 'CRITICAL'.length;

type Colors = ReturnType<typeof pc.createColors>;

/**
 * The digest for a terminal: header, totals, woke you, still firing, each service, health checks
 * and delivery problems. `color` comes from the caller (TTY, NO_COLOR, --no-color), never sniffed here.
 */
export function renderText(digest: Digest, options: { color: boolean }): string {
  const c = pc.createColors(options.color);
  const outline = buildOutline(digest);
  const lines = [...wrap(outline.header, '').map((l) => c.bold(l)), ...outline.summary.flatMap((l) => wrap(l, ''))];
  for (const section of outline.sections) {
    lines.push('', c.bold(section.heading));
    for (const item of section.items) lines.push(...itemLines(item, c));
  }
  return `${lines.join('\n')}\n`;
}

function itemLines(item: OutlineItem, c: Colors): string[] {
  // Widths are measured on the plain text; colour codes are added afterwards.
  const sev = item.severity ? `${severityLabel(item.severity).padEnd(SEVERITY_PAD)} ` : '';
  const ref = item.ref ? `${item.ref} ` : '';
  const lead = `  ${sev}${ref}`;
  const title = truncate(item.title, WIDTH - lead.length);
  const facts = item.facts.join(' · ');
  const head = `${lead}${title}`;
  const out: string[] = [];
  const colouredHead = `  ${item.severity ? paint(sev, item.severity, c) : ''}${ref ? c.dim(ref) : ''}${title}`;
  if (facts && head.length + 3 + facts.length <= WIDTH) out.push(`${colouredHead}${c.dim(' · ')}${facts}`);
  else {
    out.push(colouredHead);
    if (facts) out.push(...wrap(facts, '    '));
  }
  for (const note of item.notes) out.push(...wrap(note, '    '));
  // Commands stay on one line however long: a wrapped command no longer pastes.
  if (item.command) out.push(`      ${c.cyan(item.command)}`);
  return out;
}

function paint(text: string, severity: Severity, c: Colors): string {
  if (severity === 'critical') return c.red(c.bold(text));
  if (severity === 'warning') return c.yellow(text);
  return c.dim(text);
}

/** Word-wraps to WIDTH with an indent; words longer than a line (tokens, URLs) are split. */
function wrap(text: string, indent: string): string[] {
  const room = WIDTH - indent.length;
  const lines: string[] = [];
  let line = '';
  for (let word of text.split(' ')) {
    while (word.length > room) {
      if (line) lines.push(line);
      lines.push(word.slice(0, room));
      word = word.slice(room);
      line = '';
    }
    if (!line) line = word;
    else if (line.length + 1 + word.length <= room) line += ` ${word}`;
    else {
      lines.push(line);
      line = word;
    }
  }
  if (line) lines.push(line);
  return lines.map((l) => indent + l);
}
