import readline from 'node:readline';
import type { Readable } from 'node:stream';

/** One thing read from the input: a payload (object or text line) or a line that could not be read. */
export type InputItem = { line: number; payload: unknown } | { line: number; error: string };

/** A pretty-printed JSON document longer than this many lines is taken for a malformed one. */
const MAX_DOCUMENT_LINES = 10_000;

/**
 * Reads JSON documents, NDJSON and plain text lines, mixed, yielding each payload as soon as it is
 * complete so `tail -f app.log | soloops triage` streams. A line starting with `{` or `[` that does
 * not parse alone opens a multi-line document, closed by the first line after which the buffered
 * text parses; any other line starting with `{` that does not parse is malformed, and one starting
 * with `[` is a log line. A buffered document is given up (reported with its first line number) when a later
 * line is a complete JSON value by itself, when it grows too long, or at the end of input.
 * A top-level JSON array yields each element.
 */
export async function* readPayloads(input: Readable): AsyncGenerator<InputItem> {
  const lines = readline.createInterface({ input, crlfDelay: Infinity });
  let lineNumber = 0;
  let pending: { start: number; text: string[] } | null = null;
  for await (const raw of lines) {
    lineNumber++;
    const line = raw.trim();
    if (pending) {
      const alone = looksLikeJson(line) ? tryParse(line) : undefined;
      if (alone !== undefined) {
        yield { line: pending.start, error: 'invalid JSON (a document that never closed)' };
        pending = null;
        yield* payloadsOf(alone, lineNumber);
        continue;
      }
      pending.text.push(raw);
      const whole = endsJson(line) ? tryParse(pending.text.join('\n')) : undefined;
      if (whole !== undefined) {
        yield* payloadsOf(whole, pending.start);
        pending = null;
      } else if (pending.text.length > MAX_DOCUMENT_LINES) {
        yield { line: pending.start, error: `invalid JSON (no complete document within ${MAX_DOCUMENT_LINES} lines)` };
        pending = null;
      }
      continue;
    }
    if (line === '') continue;
    if (!looksLikeJson(line)) {
      yield { line: lineNumber, payload: line };
      continue;
    }
    const value = tryParse(line);
    if (value !== undefined) yield* payloadsOf(value, lineNumber);
    else if (opensDocument(line)) pending = { start: lineNumber, text: [raw] };
    // "[WARN] disk full" and "[2026-11-22 03:04] ERROR …" are log lines, not broken JSON.
    else if (line.charCodeAt(0) === 91) yield { line: lineNumber, payload: line };
    else yield { line: lineNumber, error: 'invalid JSON' };
  }
  if (pending) yield { line: pending.start, error: 'invalid JSON (the input ended inside a document)' };
}

function* payloadsOf(value: unknown, line: number): Generator<InputItem> {
  if (Array.isArray(value)) for (const element of value) yield { line, payload: element };
  else yield { line, payload: value };
}

function looksLikeJson(line: string): boolean {
  const first = line.charCodeAt(0);
  return first === 123 /* { */ || first === 91 /* [ */;
}

/** The first line of a pretty-printed document: `{`, `[`, `[{`, or a line cut after `{ [ , :`. */
function opensDocument(line: string): boolean {
  const last = line.charCodeAt(line.length - 1);
  return last === 123 || last === 91 || last === 44 /* , */ || last === 58 /* : */;
}

function endsJson(line: string): boolean {
  const last = line.charCodeAt(line.length - 1);
  return last === 125 /* } */ || last === 93 /* ] */;
}

function tryParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
