import { describe, expect, it } from 'vitest';
import type { NormalizedAlert } from '../core/alert.js';
import { extractFeatures } from './features.js';
import { loadShippedModel } from './shipped.js';
import { SeverityModel } from './model.js';
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

describe('what decided a model verdict', () => {
  // A small model of our own: "wobble" is seen in critical alerts and a little more in warning
  // ones, "down" in critical ones only, "slow" in warning ones only.
  const model = SeverityModel.train(
    [
      { features: ['wobble', 'down'], severity: 'critical', weight: 20 },
      { features: ['wobble', 'slow'], severity: 'warning', weight: 20 },
      { features: ['wobble'], severity: 'warning', weight: 10 },
      { features: ['done'], severity: 'info', weight: 20 },
    ],
    { prior: [0.35, 0.5, 0.15], criticalThreshold: 0.2 },
  );

  it('the features, when they make the verdict the likeliest', () => {
    const verdict = verdictOf(model, alert('down', ''));
    expect(verdict).toMatchObject({ decidedBy: 'features', failure: 'strong' });
    expect(verdict.prediction.severity).toBe('critical');
    expect(verdict.reason).toMatch(/^model: down \+\d/);
  });

  it('the lean towards critical, when critical is not the likeliest but over the threshold', () => {
    const verdict = verdictOf(model, alert('wobble', ''));
    expect(verdict.prediction.severity).toBe('critical');
    expect(verdict.decidedBy).toBe('lean');
    expect(verdict.reason).toMatch(/^model, by its lean towards critical \(P 0\.\d\d ≥ 0\.20\)$/);
    expect(verdict.failure).not.toBe('strong');
  });

  it('the prior, when no feature is known (or the lean, when the prior is over the threshold)', () => {
    const calm = model.with({ prior: [0.1, 0.6, 0.3] });
    expect(verdictOf(calm, alert('zorblax', ''))).toMatchObject({
      decidedBy: 'prior',
      reason: 'model: no feature for or against, its prior decided',
    });
    expect(verdictOf(model, alert('zorblax', ''))).toMatchObject({ decidedBy: 'lean', failure: 'none' });
  });
});
