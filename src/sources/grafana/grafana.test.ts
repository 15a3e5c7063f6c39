import { describe, expect, it } from 'vitest';
import { UserError } from '../../core/errors.js';
import { alertmanager } from '../alertmanager/alertmanager.js';
import { grafana } from './grafana.js';
import { detectSource, newParseContext } from '../index.js';

const context = newParseContext(new Date('2026-11-22T03:04:05Z'));

/** Shaped after Grafana's documented webhook notifier body (unified alerting, version "1"). */
function member(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    status: 'firing',
    labels: { alertname: 'High memory usage', team: 'blue', zone: 'us-1', grafana_folder: 'checkout' },
    annotations: {
      description: 'The system has high memory usage',
      runbook_url: 'https://runbooks.example/mem',
      summary: 'Memory 91% in zone us-1',
    },
    startsAt: '2026-11-22T02:51:03.157076+02:00',
    endsAt: '0001-01-01T00:00:00Z',
    generatorURL: 'https://grafana.example/alerting/grafana/aa11/view',
    fingerprint: 'c6eadffa33fcdf37',
    silenceURL: 'https://grafana.example/alerting/silence/new?matcher=alertname%3DHigh+memory+usage',
    dashboardURL: '',
    panelURL: '',
    values: { B: 44.23943737541908, C: 1 },
    valueString: "[ var='B' labels={zone=us-1} value=44.23943737541908 ]",
    ...overrides,
  };
}

function body(overrides: Record<string, unknown> = {}, alerts = [member()]): Record<string, unknown> {
  return {
    receiver: 'soloops',
    status: 'firing',
    orgId: 1,
    alerts,
    groupLabels: { alertname: 'High memory usage' },
    commonLabels: { team: 'blue' },
    commonAnnotations: {},
    externalURL: 'https://grafana.example/',
    version: '1',
    groupKey: '{}/{}:{alertname="High memory usage"}',
    truncatedAlerts: 0,
    title: '[FIRING:1] High memory usage (blue)',
    state: 'alerting',
    message: '**Firing**\n\nValue: B=44.2, C=1\nLabels:\n - alertname = High memory usage\n',
    ...overrides,
  };
}

describe('grafana', () => {
  it('is detected before Alertmanager, whose shape it extends', () => {
    expect(alertmanager.detect(body())).toBe(true);
    expect(grafana.detect(body())).toBe(true);
    expect(detectSource(body())?.name).toBe('grafana');
    // Any one Grafana-only marker is enough.
    expect(grafana.detect({ alerts: [], version: '1' })).toBe(true);
    expect(grafana.detect({ alerts: [], state: 'ok', title: '[RESOLVED]' })).toBe(true);
    expect(grafana.detect({ alerts: [], version: '4', groupKey: 'k' })).toBe(false);
  });

  it('turns each alert into one alert, with a null hint when there is no severity label', () => {
    const alerts = grafana.parse(
      body({}, [
        member(),
        member({ labels: { alertname: 'High CPU usage', zone: 'eu-1' }, fingerprint: 'bc97ff14869b13e3' }),
      ]),
      context,
    );
    expect(alerts).toHaveLength(2);
    expect(alerts[0]).toMatchObject({
      source: 'grafana',
      service: 'checkout',
      title: 'Memory 91% in zone us-1',
      body: 'The system has high memory usage',
      status: 'firing',
      severityHint: null,
      severityText: null,
    });
    expect(alerts[0]?.labels).toMatchObject({ team: 'blue', zone: 'us-1' });
    expect(alerts[1]?.service).toBe('grafana');
    expect(alerts[0]?.fingerprint).not.toBe(alerts[1]?.fingerprint);
  });

  it('uses a severity label when the rule has one', () => {
    const alert = grafana.parse(
      body({}, [member({ labels: { alertname: 'Down', severity: 'critical', service: 'api' } })]),
      context,
    )[0];
    expect(alert).toMatchObject({ severityHint: 'critical', severityText: 'critical', service: 'api' });
  });

  it('keeps one fingerprint from firing to resolved and across changing values', () => {
    const firing = grafana.parse(body(), context)[0];
    const again = grafana.parse(
      body({}, [member({ values: { B: 97.1, C: 1 }, annotations: { summary: 'Memory 97% in zone us-1' } })]),
      context,
    )[0];
    const resolved = grafana.parse(
      body({ status: 'resolved', state: 'ok' }, [member({ status: 'resolved' })]),
      context,
    )[0];
    expect(resolved?.status).toBe('resolved');
    expect(again?.fingerprint).toBe(firing?.fingerprint);
    expect(resolved?.fingerprint).toBe(firing?.fingerprint);
  });

  it('falls back to the value string for the body and alertname for the title', () => {
    const alert = grafana.parse(body({}, [member({ annotations: {} })]), context)[0];
    expect(alert?.title).toBe('High memory usage');
    expect(alert?.body).toContain("var='B'");
  });

  it('reads the legacy dashboard-alerting body', () => {
    const legacy = {
      dashboardId: 1,
      evalMatches: [{ value: 100, metric: 'High value', tags: null }],
      message: 'Someone is testing the alert notification within Grafana.',
      orgId: 0,
      panelId: 1,
      ruleId: 1,
      ruleName: 'Test notification',
      ruleUrl: 'https://grafana.example/',
      state: 'alerting',
      tags: { service: 'api' },
      title: '[Alerting] Test notification',
    };
    expect(detectSource(legacy)?.name).toBe('grafana');
    const firing = grafana.parse(legacy, context)[0];
    expect(firing).toMatchObject({
      service: 'api',
      title: '[Alerting] Test notification',
      status: 'firing',
      severityHint: null,
    });
    expect(firing?.body).toContain('High value=100');
    const ok = grafana.parse({ ...legacy, state: 'ok', title: '[OK] Test notification', evalMatches: [] }, context)[0];
    expect(ok?.status).toBe('resolved');
    expect(ok?.fingerprint).toBe(firing?.fingerprint);
    expect(grafana.parse({ ...legacy, state: 'no_data' }, context)[0]?.severityHint).toBe('warning');
  });

  it('rejects a body that is neither form', () => {
    expect(() => grafana.parse({ orgId: 1 }, context)).toThrow(UserError);
    expect(() => grafana.parse([], context)).toThrow(UserError);
  });
});
