/**
 * `curl $ALERTMANAGER/api/v2/alerts | soloops triage`: Alertmanager's API v2 answers a JSON array
 * of gettableAlert (api/v2/openapi.yaml): labels, annotations, startsAt, endsAt, fingerprint,
 * status {state, silencedBy, inhibitedBy, mutedBy}, receivers [{name}], updatedAt, generatorURL.
 */
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../core/errors.js';
import { newParseContext, parsePayload } from '../index.js';
import { readPayloads } from '../input/payload-reader.js';
import { alertmanager } from './alertmanager.js';

const context = newParseContext(new Date('2026-11-22T03:04:05Z'));

function apiAlert(name: string, labels: Record<string, string>, state = 'active') {
  return {
    annotations: { summary: `${name} on db-1`, description: 'CPU above 90% for 10m' },
    endsAt: '2026-11-22T03:08:05.000Z',
    fingerprint: name === 'NodeCPUHigh' ? '1d6a0b5c7e3f9a21' : '8c0f3e2d1b4a5968',
    receivers: [{ name: 'soloops' }],
    startsAt: '2026-11-22T02:50:05.000Z',
    status: { inhibitedBy: [], silencedBy: state === 'suppressed' ? ['a1b2'] : [], mutedBy: [], state },
    updatedAt: '2026-11-22T03:04:05.000Z',
    generatorURL: 'http://prometheus:9090/graph?g0.expr=up',
    labels: { alertname: name, instance: 'db-1:9100', job: 'node', ...labels },
  };
}

const answer = [
  apiAlert('NodeCPUHigh', { severity: 'critical' }),
  apiAlert('DiskFilling', { severity: 'warning', service: 'db' }, 'suppressed'),
];

async function triageInput(text: string) {
  const alerts = [];
  for await (const item of readPayloads(Readable.from([text]))) {
    if ('error' in item) throw new Error(item.error);
    const { source, alerts: parsed } = parsePayload(item.payload, {}, context);
    for (const alert of parsed) alerts.push({ ...alert, parsedBy: source.name });
  }
  return alerts;
}

describe('alertmanager: API v2 alerts', () => {
  it('reads the array curl prints, one alert per entry, as alertmanager alerts', async () => {
    for (const text of [JSON.stringify(answer), JSON.stringify(answer, null, 2)]) {
      const alerts = await triageInput(text);
      expect(alerts).toHaveLength(2);
      expect(alerts[0]).toMatchObject({
        parsedBy: 'alertmanager',
        service: 'node',
        title: 'NodeCPUHigh on db-1',
        body: 'CPU above 90% for 10m',
        status: 'firing',
        severityText: 'critical',
        severityField: 'labels.severity',
        severityHint: 'critical',
        labels: { alertname: 'NodeCPUHigh', severity: 'critical' },
      });
      // Silenced in Alertmanager is still firing: the person's silences in soloops decide.
      expect(alerts[1]).toMatchObject({ service: 'db', status: 'firing', severityHint: 'warning' });
    }
  });

  it('keeps the same fingerprint as the webhook of the same alert', () => {
    const [fromApi] = alertmanager.parse(answer[0], context);
    const webhook = { version: '4', status: 'firing', alerts: [{ ...answer[0], status: 'firing' }] };
    const [fromWebhook] = alertmanager.parse(webhook, context);
    expect(fromApi?.fingerprint).toBe(fromWebhook?.fingerprint);
    expect(fromApi?.raw).toBe(answer[0]);
  });

  it('also reads what Prometheus posts to /api/v2/alerts (no status, no fingerprint)', () => {
    const posted = { labels: { alertname: 'Up', severity: 'info' }, annotations: {}, startsAt: '2026-11-22T03:00:00Z' };
    expect(alertmanager.detect(posted)).toBe(true);
    expect(alertmanager.parse(posted, context)[0]).toMatchObject({ title: 'Up', severityHint: 'info' });
  });

  it('does not claim other objects with labels', () => {
    expect(alertmanager.detect({ labels: { a: 'b' }, title: 'x' })).toBe(false);
    expect(alertmanager.detect({ labels: { a: 'b' }, title: 'x', startsAt: '2026-11-22T03:00:00Z' })).toBe(false);
    expect(alertmanager.detect({ title: 'x', message: 'y' })).toBe(false);
  });
});

describe('alertmanager: errors name the source with its article', () => {
  it.each([
    [[1], /^not an Alertmanager payload: expected a JSON object/],
    [{ version: '4', alerts: 'x' }, /^not an Alertmanager payload: "alerts" must be an array/],
    [{ version: '4', alerts: [1] }, /^not an Alertmanager payload: every entry/],
  ])('%j', (payload, message) => {
    expect(() => alertmanager.parse(payload, context)).toThrow(UserError);
    expect(() => alertmanager.parse(payload, context)).toThrow(message);
  });

  it('says "a Grafana payload" and "an Uptime Kuma payload"', () => {
    expect(() => parsePayload({}, { source: 'grafana' }, context)).toThrow(/^not a Grafana payload/);
    expect(() => parsePayload({ heartbeat: 1, monitor: 1 }, { source: 'uptime-kuma' }, context)).toThrow(
      /^not an Uptime Kuma payload/,
    );
    expect(() => parsePayload('x', { source: 'generic' }, context)).toThrow(/^not a generic JSON payload/);
  });
});
