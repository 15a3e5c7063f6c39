import { MAX_JSON_DEPTH, tooDeep } from '../../core/json.js';
import { PayloadReader } from '../../sources/input/payload-reader.js';

/** One payload of a body and the line it starts on (1 for a whole-body document). */
export interface BodyPayload {
  line: number;
  payload: unknown;
}

/** A line of a body that could not be taken, and why; answered in `rejected` beside what was accepted. */
export interface RejectedLine {
  line: number;
  reason: string;
}

/**
 * A webhook body as payloads: one JSON document (an array yields its elements), or what
 * `soloops triage` reads, with the same reader (src/sources/input/payload-reader.ts): NDJSON, text
 * lines (`curl --data-binary @app.log`) and pretty-printed documents, mixed. A line that cannot be
 * read is rejected alone, with its number; the body is refused whole only when it is empty, or is
 * one document nested deeper than any alert.
 */
export function payloadsOf(
  raw: Buffer | undefined,
): { payloads: BodyPayload[]; rejected: RejectedLine[] } | { error: string } {
  const text = raw?.toString('utf8').trim() ?? '';
  if (text === '') return { error: 'empty body: send a JSON webhook payload, NDJSON, or text lines' };
  // The usual webhook is one document: parsed once, whatever its line breaks (and however many).
  const whole = text.startsWith('{') || text.startsWith('[') ? tryParse(text) : undefined;
  if (whole !== undefined) {
    const values = Array.isArray(whole) ? whole : [whole];
    if (values.some((value) => tooDeep(value)))
      return { error: `JSON nested more than ${MAX_JSON_DEPTH} levels deep; no alert needs that` };
    return { payloads: values.map((payload) => ({ line: 1, payload })), rejected: [] };
  }
  const reader = new PayloadReader();
  const payloads: BodyPayload[] = [];
  const rejected: RejectedLine[] = [];
  for (const item of [...reader.push(text), ...reader.end()]) {
    if ('error' in item) rejected.push({ line: item.line, reason: item.error });
    else payloads.push(item);
  }
  return { payloads, rejected };
}

/** What a 400 says when no line of the body was taken: the first reason, and how many more. */
export function nothingAccepted(rejected: readonly RejectedLine[]): string {
  const [first] = [...rejected].sort((a, b) => a.line - b.line);
  if (!first) return 'nothing to accept in the body';
  const others = rejected.length - 1;
  const more = others > 0 ? ` (and ${others} more line${others === 1 ? '' : 's'}: see rejected)` : '';
  return `nothing accepted: line ${first.line} of the body: ${first.reason}${more}`;
}

function tryParse(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
