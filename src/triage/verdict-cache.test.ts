import { describe, expect, it } from 'vitest';
import type { NormalizedAlert } from '../core/alert.js';
import { extractFeatures } from './features.js';
import { loadShippedModel } from './shipped.js';
import { verdictOf } from './verdict-cache.js';

const alert = (title: string, body: string, labels: Record<string, string> = {}): NormalizedAlert => ({
  id: 'x',
  source: 'generic',
  service: 'api',
  title,
  body,
  labels,
  status: 'firing',
  severityHint: null,
  severityText: null,
  fingerprint: 'f',
  receivedAt: '',
  raw: null,
});

describe('verdictOf', () => {
  it('reuses a verdict only for alerts whose features are the same', () => {
    const model = loadShippedModel();
    const alerts = [
      alert('Disk 91% full on web-1', 'check /var'),
      alert('Disk 97% full on web-1', 'check /var'), // numbers are not words: same view
      alert('Disk full on web-1', 'check /var', { host: 'web-1' }), // host words dropped: another view
      alert('payments API down', 'all requests fail'),
      alert('payments API down', 'all requests fail', { env: 'staging' }),
    ];
    for (const a of alerts) {
      const direct = model.predict(extractFeatures(a));
      expect(verdictOf(model, a).prediction).toEqual(direct);
    }
    expect(verdictOf(model, alerts[0]!)).toBe(verdictOf(model, alerts[1]!));
    expect(verdictOf(model, alerts[3]!)).not.toBe(verdictOf(model, alerts[4]!));
  });

  it('keeps one table per model, so a retrained model never sees the old verdicts', () => {
    const model = loadShippedModel();
    const a = alert('nightly report job finished late', 'took 40 minutes');
    const before = verdictOf(model, a);
    const retrained = model.addExamples([{ features: extractFeatures(a), severity: 'critical', weight: 200 }]);
    expect(verdictOf(retrained, a).prediction.severity).toBe('critical');
    expect(verdictOf(model, a)).toBe(before);
  });
});
