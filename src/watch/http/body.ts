import { MAX_JSON_DEPTH, tooDeep } from '../../core/json.js';

/**
 * A webhook body as payloads: one JSON document (an array yields its elements), NDJSON (one JSON
 * value per line), or plain text lines (`curl --data-binary @app.log`). Returns a reason instead
 * when the body is JSON-looking but broken, so the sender gets a 400 that says so.
 */
export function payloadsOf(raw: Buffer | undefined): { payloads: unknown[] } | { error: string } {
  const text = raw?.toString('utf8').trim() ?? '';
  if (text === '') return { error: 'empty body: send a JSON webhook payload, NDJSON, or text lines' };
  if (text.startsWith('{') || text.startsWith('[')) {
    const parsed = jsonPayloads(text);
    if ('payloads' in parsed && parsed.payloads.some((p) => tooDeep(p))) {
      return { error: `JSON nested more than ${MAX_JSON_DEPTH} levels deep; no alert needs that` };
    }
    return parsed;
  }
  return {
    payloads: text
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean),
  };
}

/** One JSON document (an array yields its elements), else NDJSON. */
function jsonPayloads(text: string): { payloads: unknown[] } | { error: string } {
  const whole = tryParse(text);
  if (whole !== undefined) return { payloads: Array.isArray(whole) ? whole : [whole] };
  const lines = text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  const values = lines.map(tryParse);
  const bad = values.indexOf(undefined);
  if (lines.length > 1 && bad < 0) return { payloads: values };
  return { error: lines.length > 1 ? `invalid JSON on line ${bad + 1} of the body` : 'invalid JSON body' };
}

function tryParse(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
