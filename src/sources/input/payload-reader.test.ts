import { Readable } from 'node:stream';
import { describe, expect, it, vi } from 'vitest';
import { MAX_JSON_DEPTH } from '../../core/json.js';
import { charactersScanned } from '../../../test/helpers/characters-scanned.js';
import { PayloadReader, readPayloads, type InputItem } from './payload-reader.js';

async function read(text: string): Promise<InputItem[]> {
  const items: InputItem[] = [];
  for await (const item of readPayloads(Readable.from([text]))) items.push(item);
  return items;
}

describe('reading triage input', () => {
  it('reads NDJSON, text lines and a pretty-printed document, mixed, with line numbers', async () => {
    const items = await read(
      [
        '{"title":"a"}',
        'Nov 22 03:04:05 web1 nginx[1]: upstream timed out',
        '',
        '{',
        '  "title": "b"',
        '}',
        '{"title":"c"}',
      ].join('\n'),
    );
    expect(items).toEqual([
      { line: 1, payload: { title: 'a' } },
      { line: 2, payload: 'Nov 22 03:04:05 web1 nginx[1]: upstream timed out' },
      { line: 4, payload: { title: 'b' } },
      { line: 7, payload: { title: 'c' } },
    ]);
  });

  it('reports a malformed line with its number and goes on', async () => {
    const items = await read(['{"title":"a"}', '{"title": "broken"', '{"title":"c"}'].join('\n'));
    expect(items).toEqual([
      { line: 1, payload: { title: 'a' } },
      { line: 2, error: expect.stringMatching(/invalid JSON/) },
      { line: 3, payload: { title: 'c' } },
    ]);
  });

  it('takes bracketed log lines for text, not broken JSON', async () => {
    expect(await read('[WARN] disk 91% full\n[2026-11-22 03:04:05] ERROR db down')).toEqual([
      { line: 1, payload: '[WARN] disk 91% full' },
      { line: 2, payload: '[2026-11-22 03:04:05] ERROR db down' },
    ]);
  });

  it('reports a document left open at the end of input', async () => {
    expect(await read('{"a":\n  1,')).toEqual([{ line: 1, error: expect.stringMatching(/ended inside/) }]);
  });

  it('reads a pretty-printed document whose strings hold brackets, quotes and backslashes', async () => {
    const doc = { title: 'a } ] \\" [ {', body: '\\', labels: { x: '{' } };
    expect(await read(`${JSON.stringify(doc, null, 2)}\nafter`)).toEqual([
      { line: 1, payload: doc },
      { line: 8, payload: 'after' },
    ]);
  });

  it('reports a document that closes without parsing at its first line, and reads the lines after it', async () => {
    expect(await read('{\n  "title": "a"\n  "body": "b"\n}\nNov 22 03:04:05 web1 app: ERROR x\n{"title":"c"}')).toEqual(
      [
        { line: 1, error: expect.stringMatching(/invalid JSON/) },
        { line: 5, payload: 'Nov 22 03:04:05 web1 app: ERROR x' },
        { line: 6, payload: { title: 'c' } },
      ],
    );
  });

  it('takes a bracketed log line ending in a colon for text, not the start of a document', async () => {
    expect(await read('[2026-11-22 03:04:05] ERROR upstream failed:\nconnection refused')).toEqual([
      { line: 1, payload: '[2026-11-22 03:04:05] ERROR upstream failed:' },
      { line: 2, payload: 'connection refused' },
    ]);
  });

  it(`rejects a payload nested over ${MAX_JSON_DEPTH} levels deep by its line number, and reads the rest`, async () => {
    const nested = (levels: number) => `${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`;
    const deep = `{"title":"x","labels":${nested(5000)}}`;
    const items = await read(
      [
        `{"title":"ok","labels":${nested(MAX_JSON_DEPTH - 1)}}`,
        deep,
        '{"title":"c"}',
        `[{"title":"d"},${nested(MAX_JSON_DEPTH + 1)}]`,
        `{\n"title": "e",\n"labels": ${nested(200)}\n}`,
      ].join('\n'),
    );
    expect(items).toEqual([
      { line: 1, payload: expect.objectContaining({ title: 'ok' }) },
      { line: 2, error: `nested more than ${MAX_JSON_DEPTH} levels deep` },
      { line: 3, payload: { title: 'c' } },
      { line: 4, payload: { title: 'd' } },
      { line: 4, error: `nested more than ${MAX_JSON_DEPTH} levels deep` },
      { line: 5, error: `nested more than ${MAX_JSON_DEPTH} levels deep` },
    ]);
  });

  it('yields each element of a top-level array', async () => {
    expect(await read('[{"title":"a"},{"title":"b"}]')).toEqual([
      { line: 1, payload: { title: 'a' } },
      { line: 1, payload: { title: 'b' } },
    ]);
  });
});

describe('reading triage input in chunks', () => {
  async function readChunks(chunks: Array<string | Buffer>): Promise<InputItem[]> {
    const items: InputItem[] = [];
    for await (const item of readPayloads(Readable.from(chunks))) items.push(item);
    return items;
  }

  it('joins lines and characters split across chunks; ends lines at \\n, \\r\\n, lone \\r like readline', async () => {
    const euro = Buffer.from('{"title":"€ down"}\n');
    expect(
      await readChunks([
        euro.subarray(0, 12),
        euro.subarray(12),
        Buffer.from('{"title":"b"}\r'),
        Buffer.from('\n{"title":"c"}\rlast'),
      ]),
    ).toEqual([
      { line: 1, payload: { title: '€ down' } },
      { line: 2, payload: { title: 'b' } },
      { line: 3, payload: { title: 'c' } },
      { line: 4, payload: 'last' },
    ]);
  });

  it('reads a long one-line document arriving in many chunks', async () => {
    const doc = JSON.stringify({ title: 'big', body: 'x'.repeat(200_000) });
    const chunks = doc.match(/[\s\S]{1,1000}/g)!;
    expect(await readChunks([...chunks, '\n', 'tail\r'])).toEqual([
      { line: 1, payload: JSON.parse(doc) },
      { line: 2, payload: 'tail' },
    ]);
  });

  it('scans each chunk of a line longer than many chunks a bounded number of times', () => {
    const doc = JSON.stringify({ title: 'big', body: 'x'.repeat(1_000_000) });
    const chunks = doc.match(/[\s\S]{1,1000}/g)!;
    const reader = new PayloadReader();
    const items: InputItem[] = [];
    const scanned = charactersScanned(() => {
      for (const chunk of chunks) items.push(...reader.push(chunk));
      items.push(...reader.push('\n'), ...reader.end());
    });
    expect(items).toEqual([{ line: 1, payload: JSON.parse(doc) }]);
    // A constant number of passes (each search is counted as reaching the end of the string), not one per chunk.
    expect(scanned).toBeLessThanOrEqual(10 * doc.length);
  });

  it('parses a long multi-line document once, not once per line', () => {
    // Every line ends in a brace, so a reader that retries the buffered text after each such line
    // parses ~2,000 × 1,000 lines' worth; this one parses it when the brackets close.
    const lines = ['{', ...Array.from({ length: 2000 }, (_, i) => `  "k${i}": {"a": "${'x'.repeat(50)}"}`), '}'];
    const text = lines.join('\n');
    const parse = vi.spyOn(JSON, 'parse');
    try {
      const reader = new PayloadReader();
      const items = [...reader.push(`${text}\n`), ...reader.end()];
      expect(items).toEqual([{ line: 1, error: expect.stringMatching(/invalid JSON/) }]);
      const parsed = parse.mock.calls.reduce((sum, [arg]) => sum + String(arg).length, 0);
      expect(parsed).toBeLessThanOrEqual(2 * text.length);
    } finally {
      parse.mockRestore();
    }
  });
});
