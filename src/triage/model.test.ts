import { describe, expect, it } from 'vitest';
import type { NormalizedAlert } from '../core/alert.js';
import { extractFeatures } from './features.js';
import { FEEDBACK_WEIGHT, SeverityModel, type TrainingExample } from './model.js';
import { loadShippedModel } from './shipped.js';

function alert(fields: Partial<NormalizedAlert>): NormalizedAlert {
  return {
    id: 'a1',
    source: 'generic',
    service: 'api',
    title: '',
    body: '',
    labels: {},
    status: 'firing',
    severityHint: null,
    severityText: null,
    fingerprint: 'f',
    receivedAt: '2024-11-22T03:00:00.000Z',
    raw: null,
    ...fields,
  };
}
const features = (fields: Partial<NormalizedAlert>) => extractFeatures(alert(fields));

const tiny: TrainingExample[] = [
  { features: ['database', 'down', 'database down'], severity: 'critical' },
  { features: ['api', 'down', 'api down'], severity: 'critical' },
  { features: ['disk', 'usage', 'high'], severity: 'warning' },
  { features: ['cpu', 'usage', 'high'], severity: 'warning' },
  { features: ['backup', 'completed'], severity: 'info' },
  { features: ['hint:critical'], severity: 'critical', weight: 50, pseudo: true },
];

describe('SeverityModel', () => {
  it('gives the same output for the same input, however often it is trained', () => {
    const a = SeverityModel.train(tiny);
    const b = SeverityModel.train(tiny);
    const input = ['database', 'down', 'cpu'];
    expect(a.predict(input)).toEqual(b.predict(input));
    expect(JSON.stringify(a.toJSON())).toBe(JSON.stringify(b.toJSON()));
  });

  it('predicts identically after a toJSON/fromJSON round trip, through JSON text too', () => {
    const model = loadShippedModel();
    const copy = SeverityModel.fromJSON(JSON.parse(JSON.stringify(model.toJSON())));
    for (const title of ['Postgres down', 'High memory usage', 'Backup completed', 'something nobody ever wrote']) {
      expect(copy.predict(features({ title }))).toEqual(model.predict(features({ title })));
    }
  });

  it('rejects what is not a model', () => {
    expect(() => SeverityModel.fromJSON({ format: 'other' })).toThrow(/not a soloops severity model/);
    expect(() => SeverityModel.fromJSON(null)).toThrow(/not a soloops severity model/);
  });

  it('is additive: training on A then adding B equals training on A and B', () => {
    const [a, b] = [tiny.slice(0, 3), tiny.slice(3)];
    expect(SeverityModel.train(a).addExamples(b).toJSON()).toEqual(SeverityModel.train(tiny).toJSON());
  });

  it('flips one of the person’s alerts after three corrections, and leaves unrelated alerts alone', () => {
    const shipped = loadShippedModel();
    const nightly = features({
      title: 'Nightly export to S3 failed',
      body: 'export-job exited with status 1',
      service: 'exports',
    });
    const unrelated = [
      features({ title: 'Postgres down', body: 'connection refused' }),
      features({ title: 'High CPU usage on web-1' }),
      features({ title: 'Deploy finished', body: 'v2 deployed' }),
    ];
    expect(shipped.predict(nightly).severity).not.toBe('info');
    const correction = { features: nightly, severity: 'info' as const, weight: FEEDBACK_WEIGHT };
    const retrained = shipped.addExamples([correction, correction, correction]);
    expect(retrained.predict(nightly).severity).toBe('info');
    for (const other of unrelated) expect(retrained.predict(other).severity).toBe(shipped.predict(other).severity);
  });

  it('lets three corrections overrule a sender’s severity for that alert', () => {
    const shipped = loadShippedModel();
    const noisy = features({
      title: 'MySQL restarted',
      body: 'MySQL has just been restarted',
      severityHint: 'critical',
      severityText: 'critical',
      source: 'alertmanager',
    });
    expect(shipped.predict(noisy).severity).toBe('critical');
    const correction = { features: noisy, severity: 'info' as const, weight: FEEDBACK_WEIGHT };
    expect(shipped.addExamples([correction, correction, correction]).predict(noisy).severity).toBe('info');
  });

  it('lists the deciding features as evidence, strongest first', () => {
    const prediction = loadShippedModel().predict(features({ title: 'Database down', body: 'connection refused' }));
    expect(prediction.severity).toBe('critical');
    const names = prediction.evidence.map((e) => e.feature);
    expect(names).toEqual(expect.arrayContaining(['down', 'database down']));
    const weights = prediction.evidence.map((e) => e.weight);
    expect(weights.every((w) => w > 0)).toBe(true);
    expect([...weights].sort((x, y) => y - x)).toEqual(weights);
  });

  it('weighs a sender’s "critical" far above any one word that reads like a warning', () => {
    // The sender's severity decides in its own layer (layers.ts); inside the model it is the
    // strongest single piece of evidence (~5.5 nats), though a title and body full of warning
    // words ("high", "latency", their bigrams and impact=degraded) may still add up to more.
    const model = loadShippedModel();
    const text = { title: 'High latency on search', body: 'p95 latency above 800ms' };
    const logOdds = (p: { critical: number; warning: number }) => Math.log(p.critical / p.warning);
    const plain = model.predict(features(text));
    expect(plain.severity).not.toBe('critical');
    const hinted = model.predict(features({ ...text, severityHint: 'critical', severityText: 'critical' }));
    expect(logOdds(hinted.probabilities) - logOdds(plain.probabilities)).toBeGreaterThan(5);
    expect(model.predict(features({ title: 'High latency', severityHint: 'critical' })).severity).toBe('critical');
  });

  it('lets a sender’s "warning" hold against a word or two that sound alarming', () => {
    const prediction = loadShippedModel().predict(
      features({ title: 'Pod restarting', body: 'worker pod failed its readiness probe', severityHint: 'warning' }),
    );
    expect(prediction.severity).toBe('warning');
  });

  it('leans info for a resolved notification', () => {
    const prediction = loadShippedModel().predict(
      features({ title: 'Disk full on db-1', status: 'resolved', severityHint: 'info' }),
    );
    expect(prediction.severity).toBe('info');
    expect(
      loadShippedModel().predict(features({ title: 'Checkout latency', status: 'resolved' })).probabilities.info,
    ).toBeGreaterThan(0.5);
  });

  it('calls an alert it knows nothing about critical: unsure means wake', () => {
    expect(loadShippedModel().predict(features({ title: 'zorblax quux', body: '' })).severity).toBe('critical');
  });

  it('returns probabilities that sum to 1 and a confidence that is the chosen one', () => {
    const p = loadShippedModel().predict(features({ title: 'Redis memory usage high' }));
    expect(p.probabilities.critical + p.probabilities.warning + p.probabilities.info).toBeCloseTo(1, 10);
    expect(p.confidence).toBe(p.probabilities[p.severity]);
  });
});
