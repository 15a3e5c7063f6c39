import { describe, expect, it } from 'vitest';
import type { NormalizedAlert } from '../core/alert.js';
import { extractFeatures } from './features.js';
import { addImpactFeatures, IMPACT_CLASSES, impactOf } from './impact.js';

const impactsOf = (title: string, body = '') => {
  const alert: NormalizedAlert = {
    id: 'a1',
    source: 'generic',
    service: '',
    title,
    body,
    labels: {},
    status: 'firing',
    severityHint: null,
    severityText: null,
    fingerprint: 'f',
    receivedAt: '2026-12-04T00:00:00.000Z',
    raw: null,
  };
  return extractFeatures(alert).filter((f) => f.startsWith('impact='));
};

describe('impact classes', () => {
  it('meet across authors’ word forms', () => {
    for (const title of ['KafkaBrokerContainersDown', 'Payments API unreachable', 'Backup failed', 'worker crashed'])
      expect(impactsOf(title)).toEqual(['impact=outage']);
    expect(impactOf('failing')).toBe('impact=outage');
    expect(impactOf('failure')).toBe('impact=outage');
    expect(impactsOf('Disk predicted to fill within hours')).toEqual(['impact=capacity']);
    expect(impactsOf('Backup completed successfully')).toEqual(['impact=routine']);
    expect(impactsOf('High p99 latency')).toEqual(['impact=degraded']);
  });

  it('read pairs of words once stopwords are gone', () => {
    const into = new Set<string>();
    addImpactFeatures(into, ['process', 'not', 'running']);
    expect([...into]).toEqual(['impact=outage']);
  });

  it('read only the opening of a body, as the words do', () => {
    const filler = Array.from({ length: 12 }, (_, i) => `word${String.fromCharCode(97 + i)}`).join(' ');
    expect(impactsOf('Nightly report', `${filler} crashed`)).toEqual([]);
    expect(impactsOf('Nightly report', 'worker crashed')).toEqual(['impact=outage']);
  });

  it('leave unrelated words alone ("apt" is a package manager, not a threat group)', () => {
    expect(impactsOf('Starting Daily apt upgrade and clean activities')).toEqual([]);
    expect(IMPACT_CLASSES).toEqual(['outage', 'compromise', 'suspicion', 'degraded', 'capacity', 'routine']);
  });
});
