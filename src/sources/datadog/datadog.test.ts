import { describe, expect, it } from 'vitest';
import { readPayload, readPayloadText } from '../../../test/helpers/payloads.js';
import { UserError } from '../../core/errors.js';
import { datadog } from './datadog.js';

// Real payloads from public repositories, kept in test/fixtures/payloads (SOURCES.md there).
const load = (file: string): unknown => readPayload(file);

let counter = 0;
const context = { receivedAt: new Date('2026-03-04T05:06:07Z'), newId: () => `id-${++counter}` };
const one = (payload: unknown) => {
  const alerts = datadog.parse(payload, context);
  expect(alerts).toHaveLength(1);
  return alerts[0]!;
};

/**
 * The project's own fixture: a webhook template using the documented variables, as Datadog fills
 * it in for a multi-alert monitor ("$EVENT_TITLE" carries the transition, like "[Triggered] …").
 */
function notification(transition: string, overrides: Record<string, unknown> = {}) {
  const alertType = transition === 'Recovered' ? 'success' : transition.endsWith('Warn') ? 'warning' : 'error';
  return {
    id: String(7_000_000_000_000_000_000 + ++counter),
    title: `[${transition} on {host:web-1}] Disk almost full on /var`,
    body:
      `%%%\n@webhook-soloops\n\nDisk usage is ${transition === 'Recovered' ? 71 : 93.4}% on /var\n\n` +
      '[[Monitor Status](https://app.datadoghq.com/monitors#4242?)]\n%%%',
    alert_type: alertType,
    alert_transition: transition,
    priority: 'normal',
    alert_priority: 'P1',
    tags: 'env:prod,service:payments,team:core,canary',
    hostname: 'web-1',
    alert_id: '4242',
    aggreg_key: '9bd4ac313a4d1e8f01a8df0b4b20fcea',
    event_type: 'query_alert_monitor',
    alert_scope: 'host:web-1',
    alert_status: `system.disk.in_use over host:web-1 was > 0.9 on average during the last ${counter}m`,
    date: String(1_772_600_000_000 + counter),
    link: `https://app.datadoghq.com/event/event?id=${counter}`,
    ...overrides,
  };
}

const foreign: Array<[string, unknown]> = [
  [
    'Alertmanager',
    {
      version: '4',
      groupKey: '{}:{alertname="x"}',
      status: 'firing',
      receiver: 'r',
      alerts: [{ status: 'firing', labels: { alertname: 'x' }, annotations: {} }],
    },
  ],
  [
    'Uptime Kuma',
    { heartbeat: { status: 0, msg: 'timeout' }, monitor: { name: 'api' }, msg: '[api] [🔴 Down] timeout' },
  ],
  ['generic {title, message}', { title: 'disk full', message: 'disk 91% full on web-1' }],
  [
    'generic {title, body, severity, labels}',
    { title: 'disk full', body: 'disk 91% full', severity: 'critical', labels: { host: 'web-1' } },
  ],
  [
    'Grafana legacy',
    { title: '[Alerting] CPU', ruleName: 'CPU', state: 'alerting', orgId: 1, tags: { a: 'b' }, message: 'cpu' },
  ],
  ['CloudWatch alarm', { AlarmName: 'db-1', NewStateValue: 'ALARM', NewStateReason: 'Threshold Crossed' }],
  [
    'Sentry issue alert',
    {
      action: 'triggered',
      actor: { id: 'sentry' },
      data: { event: { title: 'x' }, triggered_rule: 'r' },
      installation: { uuid: 'u' },
    },
  ],
  ['text', '[Triggered] CPU high'],
  ['null', null],
];

describe('datadog source: own fixtures', () => {
  it('maps a triggered P1 monitor: critical hint, service from tags, tags as labels', () => {
    const payload = notification('Triggered');
    expect(datadog.detect(payload)).toBe(true);
    const alert = one(payload);
    expect(alert).toMatchObject({
      source: 'datadog',
      status: 'firing',
      severityHint: 'critical',
      severityText: 'P1',
      service: 'payments',
      title: 'Disk almost full on /var',
      raw: payload,
      receivedAt: '2026-03-04T05:06:07.000Z',
    });
    expect(alert.labels).toEqual({
      env: 'prod',
      service: 'payments',
      team: 'core',
      canary: '',
      event_type: 'query_alert_monitor',
      alert_type: 'error',
      transition: 'Triggered',
      priority: 'P1',
      host: 'web-1',
      scope: 'host:web-1',
      alert_id: '4242',
      aggreg_key: '9bd4ac313a4d1e8f01a8df0b4b20fcea',
    });
    expect(alert.body).toMatch(/^Disk usage is 93.4% on \/var/);
    expect(alert.body).not.toMatch(/%%%|@webhook/);
  });

  it('gives Recovered the firing fingerprint and re-triggers the same one', () => {
    const firing = one(notification('Triggered'));
    const again = one(notification('Re-Triggered'));
    const recovered = one(notification('Recovered'));
    expect(recovered).toMatchObject({ status: 'resolved', severityHint: 'info', labels: { transition: 'Recovered' } });
    expect(again).toMatchObject({ status: 'firing', severityHint: 'critical' });
    expect(new Set([firing, again, recovered].map((a) => a.fingerprint)).size).toBe(1);
    const otherHost = one(
      notification('Triggered', {
        title: '[Triggered on {host:web-2}] Disk almost full on /var',
        alert_scope: 'host:web-2',
        hostname: 'web-2',
      }),
    );
    expect(otherHost.fingerprint).not.toBe(firing.fingerprint);
  });

  it.each([
    // The monitor is past its warn threshold only: the transition says more than its priority.
    ['Warn on a P1 monitor', { alert_transition: 'Warn', alert_type: 'warning' }, 'warning', 'Warn'],
    // P2 is "High": ambiguous, the model decides (the vocabulary's P ladder).
    ['P2', { alert_priority: 'P2' }, null, 'P2'],
    ['P3', { alert_priority: 'P3' }, 'warning', 'P3'],
    ['P4', { alert_priority: 'P4' }, 'info', 'P4'],
    ['P5', { alert_priority: 'P5' }, 'info', 'P5'],
    ['no priority, alert type error', { alert_priority: '', priority: undefined }, 'critical', 'error'],
    [
      'no priority, alert type warning',
      { alert_priority: '$ALERT_PRIORITY', priority: undefined, alert_type: 'warning' },
      'warning',
      'warning',
    ],
    [
      'no priority, alert type info',
      { alert_priority: undefined, priority: undefined, alert_type: 'info' },
      'info',
      'info',
    ],
    [
      'only the event priority low',
      { alert_priority: undefined, priority: 'low', alert_type: undefined },
      'info',
      'low',
    ],
    [
      'only the event priority normal',
      { alert_priority: undefined, priority: 'normal', alert_type: undefined },
      null,
      'normal',
    ],
    ['nothing', { alert_priority: undefined, priority: undefined, alert_type: undefined }, null, null],
  ])('hint for %s', (_name, overrides, hint, text) => {
    expect(one(notification('Triggered', overrides))).toMatchObject({
      status: 'firing',
      severityHint: hint,
      severityText: text,
    });
  });

  it('reads the transition and priority from the title when the template has no variables for them', () => {
    const alert = one({
      title: '[P2] [Recovered] Payments latency',
      body: 'back to normal',
      event_type: 'metric_alert_monitor',
      org: { id: 1, name: 'acme' },
      last_updated: '1',
      date: '1',
      id: '3',
    });
    expect(alert).toMatchObject({
      status: 'resolved',
      severityHint: 'info',
      severityText: 'Recovered',
      severityField: '$EVENT_TITLE',
      title: 'Payments latency',
      service: 'datadog',
    });
  });

  it('accepts any spelling of the variable keys and alert_type success as resolved', () => {
    const payload = {
      eventTitle: 'CPU high',
      alertType: 'success',
      ALERT_ID: '77',
      Hostname: 'db-1',
      Tags: ['env:prod', 'role:db'],
    };
    expect(datadog.detect(payload)).toBe(true);
    // Too little to tell it from generic JSON.
    expect(datadog.detect({ eventTitle: 'CPU high', alertType: 'success' })).toBe(false);
    expect(one(payload)).toMatchObject({
      status: 'resolved',
      title: 'CPU high',
      service: 'db-1',
      labels: { env: 'prod', role: 'db', alert_id: '77' },
    });
  });

  it('rejects a Datadog body with neither title nor body', () => {
    expect(() =>
      datadog.parse({ event_type: 'query_alert_monitor', org: { id: 1 }, last_updated: '1' }, context),
    ).toThrow(UserError);
    expect(() => datadog.parse(['x'], context)).toThrow(UserError);
  });

  it.each(foreign)('does not claim %s payloads', (_name, payload) => {
    expect(datadog.detect(payload)).toBe(false);
  });
});

describe('datadog source: real payloads', () => {
  it('reads a real body of the default template', () => {
    const payload = load('datadog/relay-integrations/service_check-triggered-test.json');
    expect(datadog.detect(payload)).toBe(true);
    const alert = one(payload);
    expect(alert).toMatchObject({
      status: 'firing',
      severityHint: null,
      severityText: null,
      title: '[TEST] Host Cluster Alert',
      service: 'datadog',
    });
    expect(alert.labels).toEqual({
      event_type: 'service_check',
      transition: 'Triggered',
      alert_id: '18692904',
      org: 'Puppet',
    });
    expect(alert.body).toMatch(/^Test notification triggered by/);
    // The same monitor recovering, as the default template would carry it.
    const recovered = one({
      ...(payload as object),
      title: '[Recovered] [TEST] Host Cluster Alert',
      id: '5485379890863845999',
      date: '1591217985000',
    });
    expect(recovered).toMatchObject({ status: 'resolved', fingerprint: alert.fingerprint });
  });

  it('maps every documented $ALERT_TRANSITION value', () => {
    // The variable's entry in Datadog's own webhooks documentation: its example values are the list.
    const entry = readPayloadText('datadog/datadog-documentation/webhooks-alert-transition.fr.md').split('\n');
    expect(entry[0]).toBe('$ALERT_TRANSITION');
    const line = entry.find((l) => l.includes('`Recovered`'));
    const values = [...(line ?? '').matchAll(/`([A-Z][A-Za-z -]+)`/g)].map((m) => m[1]!);
    expect(values).toEqual(
      expect.arrayContaining(['Recovered', 'Triggered', 'Re-Triggered', 'No Data', 'Warn', 'Re-Warn', 'Renotify']),
    );
    for (const value of values) {
      const viaVariable = one({ title: 'Queue depth', alert_transition: value });
      const viaTitle = one({
        title: `[${value}] Queue depth`,
        event_type: 'query_alert_monitor',
        org: { name: 'acme' },
      });
      for (const alert of [viaVariable, viaTitle]) {
        expect(alert.status, value).toBe(value === 'Recovered' ? 'resolved' : 'firing');
        expect(alert.title).toBe('Queue depth');
        if (value.endsWith('Warn')) expect(alert.severityHint).toBe('warning');
      }
      expect(viaTitle.fingerprint).toBe(viaVariable.fingerprint);
    }
  });

  it('does not claim the other tools’ real payloads', () => {
    const others = [
      'alertmanager/prometheus-msteams/prom_post_request.json',
      'alertmanager/prometheus-msteams/card-grafana-inspired-payload.json',
      'cloudwatch/lita-aws-cloudwatch/sns-http-notification.json',
      'cloudwatch/terraform-aws-notify-slack/events__cloudwatch_alarm.json',
      'cloudwatch/terraform-aws-notify-slack/events__guardduty_finding_high.json',
      'sentry/sentry-docs/issue-alert-event_alert.json',
      'sentry/sentry-docs/metric-alert-resolved.json',
      'sentry/sentry-docs/error-created.json',
    ];
    for (const file of others) expect(datadog.detect(load(file)), file).toBe(false);
  });
});
