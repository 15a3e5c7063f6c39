import { BugError } from '../core/errors.js';
import { Document, isMap, visit } from 'yaml';

// Fills the answers of `soloops init` into the commented template as text. The yaml Document API
// keeps comments but moves them (a comment after a block is re-indented into it, new keys land
// after the trailing comments), which broke uncommenting; text edits leave every other line as
// written. Each edit replaces a line the template is known to have, and a missing one is a bug.

/** A commented example: `# key:` and the commented lines below it that are indented deeper. */
export interface ExampleBlock {
  /** Index of the `# key:` line. */
  start: number;
  /** Index after the block's last line. */
  end: number;
  /** Spaces before the `#`. */
  indent: number;
  key: string;
}

const KEY_LINE = /^( *)# ([A-Za-z_][\w-]*):(?: |$)/;

/** Every commented example block of `lines`, in order. */
export function exampleBlocks(lines: readonly string[]): ExampleBlock[] {
  const blocks: ExampleBlock[] = [];
  lines.forEach((line, start) => {
    const match = KEY_LINE.exec(line);
    if (!match) return;
    const indent = match[1]!.length;
    const deeper = new RegExp(`^ {${indent}}# {3,}\\S`);
    let end = start + 1;
    while (end < lines.length && deeper.test(lines[end]!)) end += 1;
    blocks.push({ start, end, indent, key: match[2]! });
  });
  return blocks;
}

/** The text with one leading "# " taken off each line of the block: what a person gets by uncommenting it. */
export function uncomment(lines: readonly string[], block: ExampleBlock): string[] {
  const pad = ' '.repeat(block.indent);
  return lines.map((line, i) => (i >= block.start && i < block.end ? pad + line.slice(block.indent + 2) : line));
}

/** Where `section:` (a column-0 key) starts and ends. */
function sectionRange(lines: readonly string[], section: string): [number, number] {
  const start = lines.indexOf(`${section}:`);
  if (start < 0) throw new BugError(`the template has no ${section}: section`);
  let end = start + 1;
  while (end < lines.length && !/^[^\s#]/.test(lines[end]!)) end += 1;
  return [start, end];
}

/** `{ key: value }` as block YAML indented by `indent`; secret references ({env}/{file}) stay on one line. */
function render(key: string, value: unknown, indent: number): string[] {
  const doc = new Document({ [key]: value });
  visit(doc, {
    Map(_, node) {
      if (isMap(node) && node.items.length === 1 && ['env', 'file'].includes(String(node.items[0]!.key))) {
        node.flow = true;
      }
    },
  });
  const pad = ' '.repeat(indent);
  return doc
    .toString({ lineWidth: 0 })
    .trimEnd()
    .split('\n')
    .map((line) => pad + line);
}

/**
 * Replaces the commented example of `section.key` with the value. The example's other lines
 * whose keys the value leaves out stay, as commented examples one level deeper.
 */
export function fillExample(lines: string[], section: string, key: string, value: unknown): void {
  const [from, to] = sectionRange(lines, section);
  const block = exampleBlocks(lines.slice(from, to)).find((b) => b.key === key && b.indent === 2);
  if (!block) throw new BugError(`the template has no commented ${section}.${key} example`);
  const given = new Set(value !== null && typeof value === 'object' ? Object.keys(value) : []);
  const kept: string[] = [];
  let keep = false;
  for (const line of lines.slice(from + block.start + 1, from + block.end)) {
    const rest = line.slice(block.indent + 2); // "  sub: …" or deeper
    const child = /^ {2}([A-Za-z_][\w-]*):/.exec(rest);
    if (child) keep = !given.has(child[1]!);
    else if (!/^ {3,}/.test(rest)) keep = false; // a list item: the value replaces the whole list
    if (keep) kept.push(`${' '.repeat(block.indent + 2)}# ${rest.trimStart()}`);
  }
  lines.splice(from + block.start, block.end - block.start, ...render(key, value, 2), ...kept);
}

/** Sets `section.key: value` on the line that has it, keeping the line's comment. */
export function setLine(lines: string[], section: string | null, key: string, value: string): void {
  const [from, to] = section ? sectionRange(lines, section) : [0, lines.length];
  const pad = section ? '  ' : '';
  const pattern = new RegExp(`^${pad}${key}:( *)(\\S.*?)??(\\s+#.*)?$`);
  for (let i = from; i < to; i++) {
    const match = pattern.exec(lines[i]!);
    if (!match) continue;
    const current = match[2] ?? '';
    // Keep the comment in its column when the new value fits before it.
    const width = current.length + (match[3]?.match(/^\s*/)?.[0].length ?? 0);
    const spacing = match[3] ? ' '.repeat(Math.max(1, width - value.length)) : '';
    lines[i] = `${pad}${key}:${match[1] || ' '}${value}${match[3] ? spacing + match[3].trimStart() : ''}`;
    return;
  }
  throw new BugError(`the template has no ${section ? `${section}.` : ''}${key}: line`);
}
