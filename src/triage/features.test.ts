import { describe, expect, it } from 'vitest';
import type { NormalizedAlert } from '../core/alert.js';
import { extractFeatures, textFeatures, words } from './features.js';

function alert(fields: Partial<NormalizedAlert>): NormalizedAlert {
  return {
    id: 'a1',
    source: 'generic',
    service: '',
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

describe('words', () => {
  it('splits camelCase and acronyms, lowercases, drops stopwords', () => {
    expect(words('HostOutOfMemory')).toEqual(['host', 'out', 'memory']);
    expect(words('HTTPServerDown is down')).toEqual(['http', 'server', 'down', 'down']);
    expect(words('KubeAPIErrorBudgetBurn on 3 URLs')).toEqual(['kube', 'api', 'error', 'budget', 'burn', 'url']);
  });

  it('drops numbers, quantities and ids but keeps short names and folds 5xx codes', () => {
    expect(words('disk 91% full after 10m on node 3f9a2c7e81 (k8s, ec2)')).toEqual([
      'disk',
      'full',
      'after',
      'node',
      'k8s',
      'ec2',
    ]);
    expect(words('HTTP 503 from upstream, 4xx rising')).toEqual(['http', '5xx', 'upstream', '4xx', 'rising']);
  });

  it('folds plurals onto the singular, but not -ss/-us/-is words', () => {
    expect(words('errors instances queries process status redis dns')).toEqual([
      'error',
      'instance',
      'query',
      'process',
      'status',
      'redis',
      'dns',
    ]);
  });
});

describe('extractFeatures', () => {
  it('gives unigrams and bigrams of title and body, never a bigram across the two', () => {
    const features = extractFeatures(alert({ title: 'Database down', body: 'Connection refused' }));
    expect(features).toEqual(
      expect.arrayContaining(['database', 'down', 'database down', 'connection', 'refused', 'connection refused']),
    );
    expect(features).not.toContain('down connection');
  });

  it('adds the structured fields', () => {
    const features = extractFeatures(
      alert({
        source: 'datadog',
        service: 'Payments',
        severityHint: 'critical',
        severityText: 'P1',
        status: 'resolved',
        labels: { env: 'Staging' },
      }),
    );
    expect(features).toEqual(
      expect.arrayContaining([
        'hint:critical',
        'sev:p1',
        'status:resolved',
        'source:datadog',
        'service:payments',
        'env:staging',
      ]),
    );
  });

  it('says hint:none when the sender gave no severity, and level: for log lines', () => {
    expect(extractFeatures(alert({}))).toContain('hint:none');
    expect(extractFeatures(alert({ source: 'text', severityHint: 'warning', severityText: 'error' }))).toEqual(
      expect.arrayContaining(['level:warning', 'sev:error']),
    );
  });

  it('leaves out words that only name the machine, and keeps the title as the alert’s identity', () => {
    const features = extractFeatures(
      alert({ title: 'Disk full on web-1', body: 'web-1: /var is full', labels: { instance: 'web-1:9100' } }),
    );
    expect(features).not.toContain('web');
    expect(features).toEqual(expect.arrayContaining(['disk full', 'var', 'title:disk full']));
  });

  it('lists each feature once, in a stable order', () => {
    const a = alert({ title: 'disk full disk full', body: 'disk full' });
    const features = extractFeatures(a);
    expect(new Set(features).size).toBe(features.length);
    expect(extractFeatures(a)).toEqual(features);
  });

  it('reads a bare phrase the way it reads a title', () => {
    expect(textFeatures('OOMKilled pods')).toEqual([
      'oom',
      'killed',
      'oom killed',
      'pod',
      'killed pod',
      'impact=outage',
    ]);
  });
});
