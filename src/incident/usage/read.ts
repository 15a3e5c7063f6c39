import { createHash } from 'node:crypto';
import fs from 'node:fs';
import readline from 'node:readline';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import type { UsageRequest } from '../../core/sla.js';
import { detectFormat, parseLine, type UsageFormat } from './formats.js';

/** A line that was not a request, with its number (1-based). */
export interface BadLine {
  line: number;
  reason: string;
}

export interface ReadOutcome {
  format: UsageFormat | null;
  lines: number;
  requests: number;
  bad: number;
  /** The first few bad lines. */
  badLines: BadLine[];
}

const BATCH = 5000;
const SHOWN_BAD = 10;

/** Whether the file starts with gzip's magic bytes. */
function isGzip(file: string): boolean {
  const fd = fs.openSync(file, 'r');
  try {
    const head = Buffer.alloc(2);
    return fs.readSync(fd, head, 0, 2, 0) === 2 && head[0] === 0x1f && head[1] === 0x8b;
  } finally {
    fs.closeSync(fd);
  }
}

/** The file's text lines, gunzipped when it is gzip (whatever its name). */
function lines(file: string): readline.Interface {
  const raw: Readable = fs.createReadStream(file);
  const input = isGzip(file) ? raw.pipe(createGunzip()) : raw;
  raw.on('error', (error) => input.destroy(error));
  return readline.createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
}

/**
 * Streams an access log, detecting its format from the first non-empty line, and hands requests
 * to `save` in batches. Each request's key is the hash of its line, so the same line imported
 * again is recognised. A line that does not parse is counted, never fatal. Returns format null
 * (and saves nothing) when the first line is in no known format.
 */
export async function readAccessLog(
  file: string,
  save: (batch: UsageRequest[]) => Promise<void>,
): Promise<ReadOutcome> {
  const outcome: ReadOutcome = { format: null, lines: 0, requests: 0, bad: 0, badLines: [] };
  let batch: UsageRequest[] = [];
  const input = lines(file);
  try {
    for await (const line of input) {
      outcome.lines++;
      if (!line.trim()) continue;
      if (outcome.format === null) {
        outcome.format = detectFormat(line);
        if (outcome.format === null) return outcome;
      }
      const parsed = parseLine(outcome.format, line);
      if ('error' in parsed) {
        outcome.bad++;
        if (outcome.badLines.length < SHOWN_BAD) outcome.badLines.push({ line: outcome.lines, reason: parsed.error });
        continue;
      }
      batch.push({ ...parsed, key: createHash('sha256').update(line).digest('hex').slice(0, 32) });
      outcome.requests++;
      if (batch.length >= BATCH) {
        await save(batch);
        batch = [];
      }
    }
    if (batch.length) await save(batch);
    return outcome;
  } finally {
    input.close();
  }
}
