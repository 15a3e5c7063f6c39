import fs from 'node:fs';
import type { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { UserError } from '../../core/errors.js';
import { MAX_JSON_DEPTH, tooDeep } from '../../core/json.js';

/** One thing read from the input: a payload (object or text line) or a line that could not be read. */
export type InputItem = { line: number; payload: unknown } | { line: number; error: string };

/**
 * Opens a file named on the command line for reading. A path that does not exist, is a directory
 * or cannot be read is the person's to fix: a UserError with `hint` (what to pass instead; for a
 * directory, `directoryHint`), raised before anything is read rather than as a read error
 * halfway through the run.
 */
export function openInputFile(file: string, hint: string, directoryHint = hint): Readable {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new UserError(`${file} does not exist`, hint);
    throw new UserError(`cannot read ${file}: ${(error as Error).message}`, hint);
  }
  if (stat.isDirectory()) throw new UserError(`${file} is a directory, not a file`, directoryHint);
  try {
    // Not opened here: opening a named pipe would wait, unreachable by Ctrl-C, for its writer.
    fs.accessSync(file, fs.constants.R_OK);
  } catch (error) {
    throw new UserError(`cannot read ${file}: ${(error as Error).message}`, `${hint}; check the file's permissions`);
  }
  return fs.createReadStream(file);
}

/** A pretty-printed JSON document longer than this many lines is taken for a malformed one. */
const MAX_DOCUMENT_LINES = 10_000;

/**
 * Reads JSON documents, NDJSON and plain text lines, mixed, yielding the payloads of each chunk
 * of input as soon as the chunk arrives, so `tail -f app.log | soloops triage` streams. One
 * batch per chunk rather than one promise per line: at 100k lines that difference was a fifth of
 * the whole run. Lines break at `\n`, `\r\n` or a lone `\r`, as readline does.
 */
export async function* readPayloadBatches(input: Readable): AsyncGenerator<InputItem[]> {
  // The decoder keeps a character split across two chunks whole.
  const decoder = new StringDecoder('utf8');
  const reader = new PayloadReader();
  for await (const chunk of input as AsyncIterable<Buffer | string>) {
    const items = reader.push(typeof chunk === 'string' ? chunk : decoder.write(chunk));
    if (items.length > 0) yield items;
  }
  const rest = [...reader.push(decoder.end()), ...reader.end()];
  if (rest.length > 0) yield rest;
}

/** The same payloads one at a time (for callers that do not care about batching). */
export async function* readPayloads(input: Readable): AsyncGenerator<InputItem> {
  for await (const items of readPayloadBatches(input)) yield* items;
}

/**
 * The line-level state machine, fed text as it arrives. A line starting with `{` or `[` that does
 * not parse alone opens a multi-line document when it leaves brackets open; the document is parsed
 * once, when its brackets close (counted line by line, outside strings, so a long document costs
 * one pass rather than a parse per line). Any other line starting with `{` that does not parse is
 * malformed, and one starting with `[` is a log line. A buffered document is given up (reported
 * with its first line number) when it closes but does not parse, when a later line is a complete
 * JSON value by itself, when it grows too long, or at the end of input. A top-level JSON array
 * yields each element. A payload nested deeper than MAX_JSON_DEPTH is reported, not yielded: the
 * code that walks and writes alerts is recursive.
 */
export class PayloadReader {
  private rest = '';
  private lineNumber = 0;
  private pending: { start: number; text: string[]; depth: number } | null = null;

  /** Starts counting lines after `linesBefore` (for a block cut out of a longer input). */
  constructor(linesBefore = 0) {
    this.lineNumber = linesBefore;
  }

  /** True while a multi-line document is open: the next text may continue it. */
  get inDocument(): boolean {
    return this.pending !== null;
  }

  /** The items completed by this chunk of text. */
  push(chunk: string): InputItem[] {
    const out: InputItem[] = [];
    // Most of a long one-line document: nothing to split yet, and no rescanning of what came before.
    if (!chunk.includes('\n') && !chunk.includes('\r')) {
      this.rest += chunk;
      return out;
    }
    let text = this.rest + chunk;
    // A trailing \r may be the first half of \r\n: wait for the next chunk to tell.
    const cut = text.endsWith('\r') ? text.length - 1 : text.length;
    this.rest = text.slice(cut);
    text = text.slice(0, cut);
    let start = 0;
    if (text.includes('\r')) {
      const parts = text.split(/\r\n|\r|\n/);
      this.rest = parts.pop()! + this.rest;
      for (const line of parts) this.line(line, out);
      return out;
    }
    for (let end = text.indexOf('\n'); end !== -1; end = text.indexOf('\n', start)) {
      this.line(text.slice(start, end), out);
      start = end + 1;
    }
    this.rest = text.slice(start) + this.rest;
    return out;
  }

  /** The partial last line and the lines counted so far, for a BlockSplitter to take over from here. */
  handOver(): { rest: string; linesBefore: number } {
    const state = { rest: this.rest, linesBefore: this.lineNumber };
    this.rest = '';
    return state;
  }

  /** The items left when the input ends: a last line without a newline, an unclosed document. */
  end(): InputItem[] {
    const out: InputItem[] = [];
    const last = this.rest.endsWith('\r') ? this.rest.slice(0, -1) : this.rest;
    this.rest = '';
    if (last !== '') this.line(last, out);
    if (this.pending) out.push({ line: this.pending.start, error: 'invalid JSON (the input ended inside a document)' });
    this.pending = null;
    return out;
  }

  private line(raw: string, out: InputItem[]): void {
    const lineNumber = ++this.lineNumber;
    const line = raw.trim();
    const pending = this.pending;
    if (pending) {
      const alone = looksLikeJson(line) ? tryParse(line) : undefined;
      if (alone !== undefined) {
        out.push({ line: pending.start, error: 'invalid JSON (a document that never closed)' });
        this.pending = null;
        payloadsOf(alone, line, lineNumber, out);
        return;
      }
      pending.text.push(raw);
      const depth = depthAfter(line, pending.depth);
      if (depth === null || depth <= 0) {
        this.pending = null;
        const text = pending.text.join('\n');
        const whole = depth === null ? undefined : tryParse(text);
        if (whole !== undefined) payloadsOf(whole, text, pending.start, out);
        else out.push({ line: pending.start, error: 'invalid JSON (a document that does not parse)' });
      } else if (pending.text.length > MAX_DOCUMENT_LINES) {
        out.push({
          line: pending.start,
          error: `invalid JSON (no complete document within ${MAX_DOCUMENT_LINES} lines)`,
        });
        this.pending = null;
      } else {
        pending.depth = depth;
      }
      return;
    }
    if (line === '') return;
    if (!looksLikeJson(line)) {
      out.push({ line: lineNumber, payload: line });
      return;
    }
    const value = tryParse(line);
    if (value !== undefined) {
      payloadsOf(value, line, lineNumber, out);
      return;
    }
    const depth = opensDocument(line) ? depthAfter(line, 0) : null;
    if (depth !== null && depth > 0) this.pending = { start: lineNumber, text: [raw], depth };
    // "[WARN] disk full" and "[2026-11-22 03:04] ERROR …" are log lines, not broken JSON.
    else if (line.charCodeAt(0) === 91) out.push({ line: lineNumber, payload: line });
    else out.push({ line: lineNumber, error: 'invalid JSON' });
  }
}

function payloadsOf(value: unknown, text: string, line: number, out: InputItem[]): void {
  const deep = mayNestDeeperThan(text, MAX_JSON_DEPTH);
  for (const payload of Array.isArray(value) ? value : [value]) {
    if (deep && tooDeep(payload)) out.push({ line, error: `nested more than ${MAX_JSON_DEPTH} levels deep` });
    else out.push({ line, payload });
  }
}

/**
 * True when `text` holds more than `max` opening brackets: only then can a value parsed from it
 * nest deeper than `max`. Native searches from bracket to bracket, much cheaper than walking
 * every parsed value.
 */
function mayNestDeeperThan(text: string, max: number): boolean {
  let count = 0;
  for (const open of ['{', '[']) {
    for (let at = text.indexOf(open); at !== -1; at = text.indexOf(open, at + 1)) if (++count > max) return true;
  }
  return false;
}

/**
 * The bracket depth after `line`, starting at `depth` and counting outside strings; null when the
 * line ends inside a string, which no JSON document can (a string cannot hold a raw line break).
 */
function depthAfter(line: string, depth: number): number | null {
  let inString = false;
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (inString) {
      if (c === 92 /* backslash */) i++;
      else if (c === 34 /* " */) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 /* { */ || c === 91 /* [ */) depth++;
    else if (c === 125 /* } */ || c === 93 /* ] */) depth--;
  }
  return inString ? null : depth;
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

function tryParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
