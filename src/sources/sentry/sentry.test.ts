import { describe, expect, it } from 'vitest';
import { readPayload } from '../../../test/helpers/payloads.js';
import { UserError } from '../../core/errors.js';
import { sentry } from './sentry.js';

// Sentry's documented webhook examples, kept in test/fixtures/payloads/sentry (SOURCES.md there).
const load = (file: string): Record<string, unknown> => readPayload(`sentry/sentry-docs/${file}`);

let counter = 0;
const context = { receivedAt: new Date('2026-03-04T05:06:07Z'), newId: () => `id-${++counter}` };
const parse = (payload: unknown) => sentry.parse(payload, context);
const one = (payload: unknown) => {
  const alerts = parse(payload);
  expect(alerts).toHaveLength(1);
  return alerts[0]!;
};

// The project's own fixtures, following Sentry's integration-platform and legacy webhook formats.
const envelope = (action: string, data: Record<string, unknown>) => ({
  action,
  actor: { id: 'sentry', name: 'Sentry', type: 'application' },
  data,
  installation: { uuid: 'a8e5d37a-696c-4c54-adb5-b3f28d64c7de' },
});
function metricAlert(action: string) {
  const word = action[0]!.toUpperCase() + action.slice(1);
  return envelope(action, {
    description_text: `${action === 'resolved' ? 12 : 1400} events in the last 10 minutes\nFilter: level:error`,
    description_title: `${word}: Checkout errors`,
    metric_alert: {
      alert_rule: {
        aggregate: 'count()',
        dataset: 'events',
        id: '31',
        name: 'Checkout errors',
        organization_id: '5',
        projects: ['checkout'],
        query: 'level:error',
        time_window: 10,
      },
      id: String(100 + ++counter),
      identifier: String(counter),
      organization_id: '5',
      projects: ['checkout'],
      status: action === 'resolved' ? 2 : 0,
      title: `Incident ${counter}`,
    },
    web_url: `https://sentry.io/organizations/acme/alerts/${counter}/`,
  });
}
function issue(action: string, overrides: Record<string, unknown> = {}) {
  return envelope(action, {
    issue: {
      id: '4120001',
      shortId: 'CHECKOUT-1F',
      title: "TypeError: Cannot read properties of undefined (reading 'total')",
      culprit: 'app/cart.ts in computeTotal',
      level: 'error',
      status: action === 'resolved' ? 'resolved' : 'unresolved',
      project: { id: '9', name: 'Checkout', slug: 'checkout' },
      permalink: 'https://acme.sentry.io/issues/4120001/',
      ...overrides,
    },
  });
}
function legacy(level: string, eventId: string) {
  return {
    id: '27379932',
    project: 'payments-api',
    project_name: 'Payments API',
    project_slug: 'payments-api',
    logger: null,
    level,
    culprit: 'payments.charge in capture',
    message: 'Stripe capture failed: card_declined',
    url: 'https://sentry.io/acme/payments-api/issues/27379932/?referrer=webhooks_plugin',
    triggering_rules: ['Page on payment failures'],
    event: {
      event_id: eventId,
      id: eventId,
      level,
      platform: 'python',
      title: 'CaptureError: Stripe capture failed',
      tags: [
        ['environment', 'production'],
        ['level', level],
        ['user', 'id:42'],
      ],
      timestamp: 1772600000 + counter,
    },
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
  ['generic', { title: 'TypeError in checkout', message: 'boom', level: 'error' }],
  [
    'Datadog',
    {
      title: '[Triggered] CPU',
      body: '%%%\nx\n%%%',
      event_type: 'query_alert_monitor',
      org: { id: '1', name: 'acme' },
      last_updated: '1',
      date: '1',
      id: '2',
    },
  ],
  [
    'CloudWatch via SNS',
    {
      Type: 'Notification',
      MessageId: 'm',
      TopicArn: 'arn:aws:sns:us-east-1:1:t',
      Message: '{}',
      SigningCertURL: 'https://x',
    },
  ],
  [
    'a GitHub issue webhook',
    { action: 'opened', issue: { title: 'bug' }, repository: { full_name: 'a/b' }, sender: { login: 'x' } },
  ],
  ['an action/data body of another tool', { action: 'created', data: { issue: { title: 'x' } } }],
  ['text', 'TypeError: boom'],
  ['null', null],
];

describe('sentry source: own fixtures', () => {
  it('maps metric alerts critical/warning/resolved, one fingerprint per rule', () => {
    const [critical, warning, resolved] = ['critical', 'warning', 'resolved'].map((action) => one(metricAlert(action)));
    expect(critical).toMatchObject({
      source: 'sentry',
      status: 'firing',
      severityHint: 'critical',
      severityText: 'critical',
      service: 'checkout',
      title: 'Checkout errors',
      receivedAt: '2026-03-04T05:06:07.000Z',
    });
    expect(critical!.labels).toMatchObject({
      project: 'checkout',
      rule: 'Checkout errors',
      aggregate: 'count()',
      query: 'level:error',
      action: 'critical',
    });
    expect(critical!.body).toContain('1400 events in the last 10 minutes\nFilter: level:error');
    expect(warning).toMatchObject({ status: 'firing', severityHint: 'warning' });
    expect(resolved).toMatchObject({ status: 'resolved', severityHint: 'info', severityText: 'resolved' });
    expect(new Set([critical, warning, resolved].map((a) => a!.fingerprint)).size).toBe(1);
  });

  it('maps issue actions: resolved and ignored close, created and assigned fire, same issue same fingerprint', () => {
    const created = one(issue('created'));
    expect(created).toMatchObject({
      status: 'firing',
      severityHint: null,
      severityText: 'error',
      service: 'checkout',
      title: "TypeError: Cannot read properties of undefined (reading 'total')",
    });
    expect(created.labels).toMatchObject({
      culprit: 'app/cart.ts in computeTotal',
      level: 'error',
      short_id: 'CHECKOUT-1F',
      issue_id: '4120001',
    });
    expect(one(issue('assigned'))).toMatchObject({ status: 'firing', fingerprint: created.fingerprint });
    for (const action of ['resolved', 'ignored'])
      expect(one(issue(action))).toMatchObject({
        status: 'resolved',
        severityHint: 'info',
        fingerprint: created.fingerprint,
      });
    expect(one(issue('created', { id: '4120002' })).fingerprint).not.toBe(created.fingerprint);
  });

  it('maps levels: fatal critical, warning warning, info and debug info, error no hint', () => {
    const hints = { fatal: 'critical', error: null, warning: 'warning', info: 'info', debug: 'info' };
    for (const [level, hint] of Object.entries(hints))
      expect(one(issue('created', { level })).severityHint, level).toBe(hint);
  });

  it('reads the legacy per-project webhook, keeping level and culprit', () => {
    const payload = legacy('fatal', 'a1b2c3d4e5f60718293a4b5c6d7e8f90');
    expect(sentry.detect(payload)).toBe(true);
    const alert = one(payload);
    expect(alert).toMatchObject({
      status: 'firing',
      severityHint: 'critical',
      severityText: 'fatal',
      service: 'payments-api',
      title: 'CaptureError: Stripe capture failed',
      raw: payload,
    });
    expect(alert.labels).toMatchObject({
      level: 'fatal',
      culprit: 'payments.charge in capture',
      rule: 'Page on payment failures',
      environment: 'production',
      project: 'payments-api',
    });
    expect(alert.labels.user).toBeUndefined();
    expect(alert.body).toContain('Stripe capture failed: card_declined');
    expect(alert.body).toContain('in payments.charge in capture');
    expect(one(legacy('fatal', 'ffffc3d4e5f60718293a4b5c6d7e0000')).fingerprint).toBe(alert.fingerprint);
    expect(one(legacy('warning', 'a1b2'))).toMatchObject({ severityHint: 'warning' });
  });

  it('yields no alert for comment and installation resources', () => {
    expect(parse(envelope('created', { comment: { text: 'on it' } }))).toEqual([]);
    expect(parse(envelope('deleted', { installation: { uuid: 'x' } }))).toEqual([]);
  });

  it('rejects Sentry bodies without what names the alert', () => {
    expect(() => parse(envelope('triggered', { event: { level: 'error' }, triggered_rule: 'r' }))).toThrow(UserError);
    expect(() => parse(envelope('critical', { metric_alert: { alert_rule: {} } }))).toThrow(/alert_rule.name/);
    expect(() => parse(envelope('created', {}))).toThrow(UserError);
    expect(() => parse({ hello: 'world' })).toThrow(UserError);
  });

  it.each(foreign)('does not claim %s payloads', (_name, payload) => {
    expect(sentry.detect(payload)).toBe(false);
  });
});

describe('sentry source: real payloads', () => {
  it('reads an issue alert (event_alert)', () => {
    const payload = load('issue-alert-event_alert.json');
    expect(sentry.detect(payload)).toBe(true);
    const alert = one(payload);
    expect(alert).toMatchObject({
      status: 'firing',
      severityHint: null,
      severityText: 'error',
      service: 'front-end',
      title: 'ReferenceError: heck is not defined',
    });
    expect(alert.labels).toMatchObject({
      level: 'error',
      culprit: '?(<anonymous>)',
      rule: 'Very Important Alert Rule!',
      issue_id: '1117540176',
      handled: 'no',
      action: 'triggered',
    });
    // The same issue firing again: a new event id, time and request.
    const data = payload.data as { event: Record<string, unknown> };
    const again = one({
      ...payload,
      data: {
        ...data,
        event: {
          ...data.event,
          event_id: '0123456789abcdef0123456789abcdef',
          datetime: '2019-08-20T01:02:03.000000Z',
          timestamp: 1566262923,
        },
      },
    });
    expect(again.fingerprint).toBe(alert.fingerprint);
  });

  it('gives the error and issue resources of one issue one fingerprint', () => {
    const error = one(load('error-created.json'));
    const issueCreated = one(load('issue-created.json'));
    expect(error).toMatchObject({
      status: 'firing',
      service: 'front-end',
      title: 'ReferenceError: blooopy is not defined',
      labels: { culprit: '?(runner)', level: 'error' },
    });
    expect(issueCreated).toMatchObject({ status: 'firing', service: 'front-end', labels: { short_id: 'FRONT-END-9' } });
    expect(issueCreated.fingerprint).toBe(error.fingerprint);
    expect(one(load('issue-alert-event_alert.json')).fingerprint).not.toBe(error.fingerprint);
    const resolved = load('issue-created.json');
    expect(one({ ...resolved, action: 'resolved' })).toMatchObject({
      status: 'resolved',
      fingerprint: error.fingerprint,
    });
  });

  it('reads a resolved metric alert, matching its critical notification', () => {
    const payload = load('metric-alert-resolved.json');
    const alert = one(payload);
    expect(alert).toMatchObject({ status: 'resolved', severityHint: 'info', service: 'bar', title: 'Too many errors' });
    expect(alert.body).toContain('1000 events in the last 10 minutes\nFilter: level:error');
    const data = payload.data as Record<string, unknown>;
    const critical = one({
      ...payload,
      action: 'critical',
      data: {
        ...data,
        description_title: 'Critical: Too many errors',
        metric_alert: { ...(data.metric_alert as object), id: '5', title: 'Brave Otter' },
      },
    });
    expect(critical).toMatchObject({ status: 'firing', severityHint: 'critical', fingerprint: alert.fingerprint });
  });

  it('does not claim the other tools’ real payloads', () => {
    const others = [
      'alertmanager/prometheus-msteams/prom_post_request.json',
      'alertmanager/prometheus-msteams/card-grafana-inspired-payload.json',
      'datadog/relay-integrations/service_check-triggered-test.json',
      'cloudwatch/lita-aws-cloudwatch/sns-http-notification.json',
      'cloudwatch/terraform-aws-notify-slack/events__aws_health_event.json',
    ];
    for (const file of others) expect(sentry.detect(readPayload(file)), file).toBe(false);
  });
});
