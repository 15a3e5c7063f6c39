import { describe, expect, it } from 'vitest';
import type { TriageResult } from '../core/alert.js';
// The lines as the text source turns them into alerts, then the offline layers.
import { newParseContext, parsePayload } from '../sources/index.js';
import { classifyLocally, type LocalTriage } from './classify.js';
import { Corrections } from './corrections.js';
import { loadShippedModel } from './shipped.js';

// Issue 13: random bytes posted as text became 4,030 critical groups in one run. A text line with
// no known word (or unreadable bytes) is not critical on its own, and such lines share one group.

const context = newParseContext(new Date('2026-11-22T03:04:05Z'));
const local: LocalTriage = { rules: [], corrections: Corrections.none, severityMap: {}, model: loadShippedModel() };
const triage = (line: string): TriageResult => {
  const { alerts } = parsePayload(line, {}, context);
  expect(alerts).toHaveLength(1);
  return classifyLocally(alerts[0]!, local);
};

/** mulberry32: a small seeded PRNG, so the "random" bytes are the same on every run. */
function prng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Random bytes decoded as UTF-8 and cut at newlines, as a reader of stdin or a text body would. */
function randomLines(seed: number, count: number): string[] {
  const next = prng(seed);
  const bytes = Buffer.alloc(count * 400);
  for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(next() * 256);
  const lines = bytes
    .toString('utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '');
  expect(lines.length).toBeGreaterThanOrEqual(count);
  return lines.slice(0, count);
}

/** Short lines (1–40 bytes), where a chance letter run is likelier to look like a word. */
function shortRandomLines(seed: number, count: number): string[] {
  const next = prng(seed);
  const lines: string[] = [];
  while (lines.length < count) {
    const bytes = Buffer.from(
      Array.from({ length: 1 + Math.floor(next() * 40) }, () => Math.floor(next() * 256)).filter((b) => b !== 10),
    );
    const line = bytes.toString('utf8').trim();
    if (line !== '') lines.push(line);
  }
  return lines;
}

describe('text lines nobody can read', () => {
  it.each([
    ['1,000 random-byte lines', () => randomLines(13, 1000)],
    ['1,000 short random-byte lines', () => shortRandomLines(5, 1000)],
  ])('%s: none is critical, and they fall into a handful of groups', (_name, make) => {
    const results = make().map(triage);
    expect(results.filter((r) => r.severity === 'critical')).toEqual([]);
    expect(new Set(results.map((r) => r.alert.fingerprint)).size).toBeLessThanOrEqual(5);
    expect(results.every((r) => /^(unreadable text|no known words)/.test(r.reason))).toBe(true);
  });

  it('says why: no known words, or unreadable text', () => {
    expect(triage('zorblax quux frobnicated')).toMatchObject({
      severity: 'info',
      classifier: 'model',
      reason: 'no known words',
    });
    expect(triage('\u0001\u0002\ufffd\ufffdK\u0003\ufffd down \u0007\ufffd')).toMatchObject({
      severity: 'info',
      reason: 'unreadable text',
    });
    expect(triage('12 34 56')).toMatchObject({ severity: 'info', reason: 'no known words' });
  });

  it('keeps the level word: ERROR (ambiguous) is a warning, FATAL (a verdict) still wakes', () => {
    expect(triage('ERROR zorblax quux')).toMatchObject({ severity: 'warning', reason: 'no known words; level ERROR' });
    // Issue 15: a level word that reads as a verdict is the sender's, decided before the words.
    expect(triage('FATAL zorblax quux')).toMatchObject({ severity: 'critical', classifier: 'source' });
    expect(triage('ERROR \ufffd\u0001\ufffd\u0002\ufffd')).toMatchObject({
      severity: 'warning',
      reason: 'unreadable text; level ERROR',
    });
  });

  it('leaves lines with real alert words to the model, critical-leaning as before', () => {
    for (const line of ['database connection refused', 'payments api down', 'ERROR 503', 'disk full on /var']) {
      const result = triage(line);
      expect(result.severity, line).toBe('critical');
      expect(result.reason, line).toMatch(/^model/);
    }
    expect(triage('INFO server started on :3000').severity).toBe('info');
  });

  it('applies to text lines only: a webhook about an unknown thing waits in the digest as a warning', () => {
    // Issue 15: no evidence of impact (no known word of failure) is no call to wake, but someone
    // set this webhook up to alert, so it is not dropped to info as a log line would be.
    const { alerts } = parsePayload({ title: 'zorblax quux' }, {}, context);
    expect(classifyLocally(alerts[0]!, local)).toMatchObject({
      severity: 'warning',
      classifier: 'model',
      reason: expect.stringMatching(/no evidence of impact/),
    });
  });
});
