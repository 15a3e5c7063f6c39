import { describe, expect, it } from 'vitest';
import type { TriageResult } from '../core/alert.js';
import { triageJson, triageJsonLine } from './output.js';

function result(overrides: Partial<TriageResult> = {}, alert: Partial<TriageResult['alert']> = {}): TriageResult {
  return {
    alert: {
      id: '0190a1b2-c3d4-8e5f-9a6b-7c8d9e0f1a2b',
      source: 'generic',
      service: 'pay\u2028ments "api"',
      title: 'disk 91% full\n\ton /dev/sda1 \ud800',
      body: 'b',
      labels: { env: 'prod', 'k"q': 'v\\w', emoji: '✓' },
      status: 'firing',
      severityHint: null,
      severityText: null,
      fingerprint: 'fc897b73d1eb5b95',
      receivedAt: '2026-11-22T07:21:49.759Z',
      raw: { x: 1 },
      ...alert,
    },
    severity: 'critical',
    confidence: 0.97949,
    classifier: 'model',
    reason: 'model: down +1.9',
    evidence: [{ feature: 'down', weight: 1.91 }],
    ...overrides,
  };
}

describe('a triage --json line', () => {
  it('is exactly JSON.stringify of the contract object, with and without --explain', () => {
    for (const r of [
      result(),
      result({ reason: 'model: 😀 +1.0, \\x \u0001' }),
      result({ confidence: 1 }),
      result({ confidence: -0 }),
      result({ evidence: undefined }),
      result({}, { labels: {} }),
    ]) {
      for (const explain of [false, true, undefined]) {
        expect(triageJsonLine(r, explain)).toBe(JSON.stringify(triageJson(r, explain)));
      }
    }
  });

  it('falls back to JSON.stringify for values that are not plain strings or finite numbers', () => {
    const odd = [
      result({ confidence: Number.NaN }),
      result({}, { service: undefined as unknown as string }),
      result({}, { labels: null as unknown as Record<string, string> }),
    ];
    for (const r of odd) expect(triageJsonLine(r, true)).toBe(JSON.stringify(triageJson(r, true)));
  });
});
