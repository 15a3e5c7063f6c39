import { describe, expect, it } from 'vitest';
import { readPayload } from '../../../test/helpers/payloads.js';
import { UserError } from '../../core/errors.js';
import { cloudwatch, isSubscriptionConfirmation } from './cloudwatch.js';

// Real payloads from public repositories, kept in test/fixtures/payloads (SOURCES.md there).
const load = (file: string): unknown => readPayload(file);

let counter = 0;
const context = { receivedAt: new Date('2026-03-04T05:06:07Z'), newId: () => `id-${++counter}` };
const parse = (payload: unknown) => cloudwatch.parse(payload, context);
const one = (payload: unknown) => {
  const alerts = parse(payload);
  expect(alerts).toHaveLength(1);
  return alerts[0]!;
};

// The project's own fixtures, following the AWS documentation's alarm and SNS formats.
function alarm(state: string, overrides: Record<string, unknown> = {}) {
  return {
    AlarmName: 'db-1 high CPU',
    AlarmDescription: 'Primary database CPU above 90%',
    AWSAccountId: '123456789012',
    NewStateValue: state,
    NewStateReason:
      `Threshold Crossed: 1 datapoint [${state === 'OK' ? '41.2' : '97.5'} (04/03/26 05:01:00)] ` +
      'was greater than the threshold (90.0).',
    StateChangeTime: '2026-03-04T05:06:00.123+0000',
    Region: 'US East (N. Virginia)',
    AlarmArn: 'arn:aws:cloudwatch:us-east-1:123456789012:alarm:db-1 high CPU',
    OldStateValue: state === 'OK' ? 'ALARM' : 'OK',
    Trigger: {
      MetricName: 'CPUUtilization',
      Namespace: 'AWS/RDS',
      Statistic: 'AVERAGE',
      Dimensions: [{ value: 'db-1', name: 'DBInstanceIdentifier' }],
      Period: 60,
      EvaluationPeriods: 1,
      ComparisonOperator: 'GreaterThanThreshold',
      Threshold: 90,
    },
    ...overrides,
  };
}
function envelope(message: unknown, extra: Record<string, unknown> = {}) {
  return {
    Type: 'Notification',
    MessageId: `9a0e5d4c-1b2a-4c3d-8e9f-${String(++counter).padStart(12, '0')}`,
    TopicArn: 'arn:aws:sns:us-east-1:123456789012:ops-alerts',
    Subject: 'ALARM: "db-1 high CPU" in US East (N. Virginia)',
    Message: typeof message === 'string' ? message : JSON.stringify(message),
    Timestamp: '2026-03-04T05:06:00.200Z',
    SignatureVersion: '1',
    Signature: 'EXAMPLE',
    SigningCertURL: 'https://sns.us-east-1.amazonaws.com/SimpleNotificationService-0000.pem',
    UnsubscribeURL: 'https://sns.us-east-1.amazonaws.com/?Action=Unsubscribe',
    ...extra,
  };
}
function lambdaEvent(...messages: unknown[]) {
  return {
    Records: messages.map((message) => {
      const { SigningCertURL, UnsubscribeURL, ...sns } = envelope(message);
      return {
        EventSource: 'aws:sns',
        EventVersion: '1.0',
        EventSubscriptionArn: 'arn:aws:sns:us-east-1:123456789012:ops-alerts:1',
        Sns: { ...sns, SigningCertUrl: SigningCertURL, UnsubscribeUrl: UnsubscribeURL },
      };
    }),
  };
}
function guardDuty(severity: number, id = 'a2b3c4d5e6f70891a2b3c4d5e6f70891') {
  return {
    version: '0',
    id: 'c1d2e3f4-0000-1111-2222-333344445555',
    'detail-type': 'GuardDuty Finding',
    source: 'aws.guardduty',
    account: '123456789012',
    time: '2026-03-04T05:00:00Z',
    region: 'us-east-1',
    resources: [],
    detail: {
      schemaVersion: '2.0',
      accountId: '123456789012',
      region: 'us-east-1',
      id,
      type: 'UnauthorizedAccess:EC2/SSHBruteForce',
      resource: { resourceType: 'Instance' },
      severity,
      title: '185.1.2.3 is performing SSH brute force attacks against i-0abc.',
      description: 'An EC2 instance is the target of SSH brute force.',
    },
  };
}
function healthEvent(category: string, statusCode: string) {
  return {
    version: '0',
    id: '7bf73129-1428-4cd3-a780-95db273d1602',
    'detail-type': 'AWS Health Event',
    source: 'aws.health',
    account: '123456789012',
    time: '2026-03-04T05:00:00Z',
    region: 'us-east-1',
    resources: ['db-1'],
    detail: {
      eventArn: 'arn:aws:health:us-east-1::event/RDS/AWS_RDS_MAINTENANCE_SCHEDULED/AWS_RDS_MAINTENANCE_SCHEDULED_123',
      service: 'RDS',
      eventTypeCode: 'AWS_RDS_MAINTENANCE_SCHEDULED',
      eventTypeCategory: category,
      statusCode,
      eventDescription: [{ language: 'en_US', latestDescription: 'Maintenance is scheduled for db-1.' }],
      affectedEntities: [{ entityValue: 'db-1' }],
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
  ['generic', { title: 'disk full', message: 'disk 91% full on web-1' }],
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
    'Sentry',
    {
      action: 'triggered',
      actor: { id: 'sentry' },
      data: { event: { title: 'x' }, triggered_rule: 'r' },
      installation: { uuid: 'u' },
    },
  ],
  ['an S3 Lambda event', { Records: [{ eventSource: 'aws:s3', s3: { bucket: { name: 'b' } } }] }],
  ['a non-AWS event', { 'detail-type': 'Order Placed', source: 'com.shop', detail: { id: 1 } }],
  ['text', 'ALARM db-1'],
  ['null', null],
  ['an array', [alarm('ALARM')]],
];

describe('cloudwatch source: own fixtures', () => {
  it('maps ALARM to firing, OK to resolved, with the same fingerprint, from the HTTPS envelope', () => {
    const firing = one(envelope(alarm('ALARM')));
    expect(firing).toMatchObject({
      source: 'cloudwatch',
      status: 'firing',
      severityHint: null,
      severityText: 'ALARM',
      service: 'AWS/RDS db-1',
      title: 'db-1 high CPU',
      id: expect.stringMatching(/^id-/),
      receivedAt: '2026-03-04T05:06:07.000Z',
    });
    expect(firing.labels).toEqual({
      topic: 'ops-alerts',
      alarm: 'db-1 high CPU',
      state: 'ALARM',
      previous_state: 'OK',
      account: '123456789012',
      region: 'US East (N. Virginia)',
      namespace: 'AWS/RDS',
      metric: 'CPUUtilization',
      dimensions: 'DBInstanceIdentifier=db-1',
    });
    expect(firing.body).toContain('Threshold Crossed');
    const resolved = one(envelope(alarm('OK')));
    expect(resolved).toMatchObject({ status: 'resolved', severityHint: 'info', severityText: 'OK' });
    expect(resolved.fingerprint).toBe(firing.fingerprint);
    const again = one(
      envelope(
        alarm('ALARM', {
          NewStateReason: 'Threshold Crossed: 1 datapoint [99.1 (04/03/26 07:44:00)]',
          StateChangeTime: '2026-03-04T07:45:00.000+0000',
        }),
      ),
    );
    expect(again.fingerprint).toBe(firing.fingerprint);
    expect(one(alarm('ALARM', { AlarmName: 'db-2 high CPU' })).fingerprint).not.toBe(firing.fingerprint);
  });

  it('maps INSUFFICIENT_DATA to a firing alert with a warning hint', () => {
    const alert = one(alarm('INSUFFICIENT_DATA'));
    expect(alert).toMatchObject({
      status: 'firing',
      severityHint: 'warning',
      severityText: 'INSUFFICIENT_DATA',
      title: 'db-1 high CPU: insufficient data',
    });
    expect(alert.fingerprint).toBe(one(alarm('OK')).fingerprint);
  });

  it('turns each Lambda SNS record into its own alert', () => {
    const alerts = parse(
      lambdaEvent(
        alarm('ALARM'),
        alarm('ALARM', {
          AlarmName: 'api 5xx',
          Trigger: { Namespace: 'AWS/ApplicationELB', MetricName: 'HTTPCode_Target_5XX_Count', Dimensions: [] },
        }),
        'Backup finished',
      ),
    );
    expect(alerts.map((a) => [a.title, a.service, a.status])).toEqual([
      ['db-1 high CPU', 'AWS/RDS db-1', 'firing'],
      ['api 5xx', 'AWS/ApplicationELB', 'firing'],
      ['ALARM: "db-1 high CPU" in US East (N. Virginia)', 'ops-alerts', 'firing'],
    ]);
    expect(new Set(alerts.map((a) => a.id)).size).toBe(3);
  });

  it('recognizes subscription bookkeeping and yields no alert for it', () => {
    const confirm = envelope('You have chosen to subscribe…', {
      Type: 'SubscriptionConfirmation',
      SubscribeURL: 'https://sns.us-east-1.amazonaws.com/?Action=ConfirmSubscription&Token=t',
      Token: 't',
    });
    const unsubscribe = { ...confirm, Type: 'UnsubscribeConfirmation' };
    for (const payload of [confirm, unsubscribe]) {
      expect(cloudwatch.detect(payload)).toBe(true);
      expect(parse(payload)).toEqual([]);
    }
    expect(isSubscriptionConfirmation(confirm)).toBe(true);
    expect(isSubscriptionConfirmation(unsubscribe)).toBe(false);
    expect(isSubscriptionConfirmation(envelope(alarm('ALARM')))).toBe(false);
  });

  it('maps GuardDuty severity bands, bare or inside SNS, with the finding as identity', () => {
    const bands = [
      [8, 'critical'],
      [7, 'critical'],
      [6.9, 'warning'],
      [4, 'warning'],
      [3.9, 'info'],
      [1, 'info'],
    ] as const;
    for (const [score, hint] of bands) expect(one(guardDuty(score)).severityHint).toBe(hint);
    const viaSns = one(envelope(guardDuty(5.5)));
    expect(viaSns).toMatchObject({
      service: 'guardduty',
      status: 'firing',
      severityHint: 'warning',
      severityText: 'medium',
      title: '185.1.2.3 is performing SSH brute force attacks against i-0abc.',
    });
    expect(viaSns.labels).toMatchObject({
      finding_type: 'UnauthorizedAccess:EC2/SSHBruteForce',
      guardduty_severity: '5.5',
      topic: 'ops-alerts',
    });
    expect(viaSns.fingerprint).toBe(one(guardDuty(8)).fingerprint);
    expect(one(guardDuty(8, 'b2b3c4d5e6f70891a2b3c4d5e6f70892')).fingerprint).not.toBe(viaSns.fingerprint);
  });

  it('maps AWS Health categories and closes on statusCode closed', () => {
    const scheduled = one(healthEvent('scheduledChange', 'upcoming'));
    expect(scheduled).toMatchObject({
      service: 'RDS',
      title: 'RDS maintenance scheduled',
      status: 'firing',
      severityHint: 'warning',
      severityText: 'scheduledChange',
    });
    const closed = one(envelope(healthEvent('scheduledChange', 'closed')));
    expect(closed).toMatchObject({ status: 'resolved', severityHint: 'info' });
    expect(closed.fingerprint).toBe(scheduled.fingerprint);
    expect(one(healthEvent('issue', 'open'))).toMatchObject({ status: 'firing', severityHint: null });
  });

  it('maps the EventBridge alarm state change like the SNS alarm', () => {
    const event = (value: string) => ({
      version: '0',
      id: 'x',
      'detail-type': 'CloudWatch Alarm State Change',
      source: 'aws.cloudwatch',
      account: '123456789012',
      time: '2026-03-04T05:06:00Z',
      region: 'us-east-1',
      resources: [],
      detail: {
        alarmName: 'db-1 high CPU',
        state: { value, reason: 'Threshold Crossed', timestamp: '2026-03-04T05:06:00Z' },
        previousState: { value: 'OK' },
        configuration: {
          metrics: [
            {
              id: 'm1',
              metricStat: {
                metric: { namespace: 'AWS/RDS', name: 'CPUUtilization', dimensions: { DBInstanceIdentifier: 'db-1' } },
                period: 60,
                stat: 'Average',
              },
            },
          ],
        },
      },
    });
    const firing = one(event('ALARM'));
    expect(firing).toMatchObject({
      status: 'firing',
      service: 'AWS/RDS db-1',
      labels: { metric: 'CPUUtilization', region: 'us-east-1' },
    });
    expect(one(event('OK'))).toMatchObject({ status: 'resolved', fingerprint: firing.fingerprint });
  });

  it('rejects payloads that claim to be CloudWatch but lack what names the alarm', () => {
    expect(() => parse({ AlarmName: 'db-1 high CPU' })).toThrow(UserError);
    expect(() => parse(alarm('BROKEN'))).toThrow(/unknown state "BROKEN"/);
    expect(() => parse(envelope({ AlarmName: 'x' }))).toThrow(UserError);
    expect(() => parse({ 'detail-type': 'GuardDuty Finding', detail: { title: 'x' } })).toThrow(/severity/);
    expect(() => parse({ hello: 'world' })).toThrow(UserError);
  });

  it.each(foreign)('does not claim %s payloads', (_name, payload) => {
    expect(cloudwatch.detect(payload)).toBe(false);
  });
});

describe('cloudwatch source: real payloads', () => {
  it('reads a captured HTTPS notification carrying an ALARM', () => {
    const payload = load('cloudwatch/lita-aws-cloudwatch/sns-http-notification.json');
    expect(cloudwatch.detect(payload)).toBe(true);
    const alert = one(payload);
    expect(alert).toMatchObject({
      status: 'firing',
      severityHint: null,
      service: 'AWS/EC2 i-bc8dcaa5',
      title: 'api-1 - Network In',
      raw: payload,
    });
    expect(alert.labels).toMatchObject({
      topic: 'developers',
      account: '863886017929',
      region: 'APAC - Tokyo',
      namespace: 'AWS/EC2',
      metric: 'NetworkIn',
      dimensions: 'InstanceId=i-bc8dcaa5',
    });
  });

  it('recognizes a real SubscriptionConfirmation as no alert', () => {
    const payload = load('cloudwatch/lita-aws-cloudwatch/sns-http-confirmation.json');
    expect(cloudwatch.detect(payload)).toBe(true);
    expect(parse(payload)).toEqual([]);
    expect(isSubscriptionConfirmation(payload) && payload.SubscribeURL).toMatch(
      /^https:\/\/sns\.ap-northeast-1\.amazonaws\.com\/\?Action=ConfirmSubscription/,
    );
  });

  it('reads Lambda records, including a metric-math alarm and several records at once', () => {
    const single = load('cloudwatch/aws-lambda-go/cloudwatch-alarm-sns-payload-single-metric.json') as {
      Records: unknown[];
    };
    const math = load('cloudwatch/aws-lambda-go/cloudwatch-alarm-sns-payload-multiple-metrics.json') as {
      Records: unknown[];
    };
    const ok = load('cloudwatch/terraform-aws-notify-slack/messages__cloudwatch_alarm.json') as { Records: unknown[] };
    expect(one(single)).toMatchObject({
      service: 'AWS/EC2 TestInstance',
      labels: { metric: 'NetworkOut', account: '123456789012' },
    });
    expect(one(math)).toMatchObject({
      service: 'AWS/EC2 TestInstance',
      labels: { namespace: 'AWS/EC2', metric: 'NetworkOut' },
    });
    const batch = parse({ Records: [...single.Records, ...math.Records, ...ok.Records] });
    expect(batch.map((a) => a.status)).toEqual(['firing', 'firing', 'resolved']);
  });

  it('reads an ALARM → OK transition as resolved, named by the alarm when the metric has no dimension', () => {
    const alert = one(load('cloudwatch/terraform-aws-notify-slack/messages__cloudwatch_alarm.json'));
    expect(alert).toMatchObject({
      status: 'resolved',
      severityHint: 'info',
      severityText: 'OK',
      service: 'DBMigrationRequired',
      title: 'DBMigrationRequired',
    });
    expect(alert.labels).toMatchObject({ topic: 'ExampleTopic', namespace: 'LogMetrics', previous_state: 'ALARM' });
  });

  it('reads the bare alarm JSON', () => {
    const payload = load('cloudwatch/terraform-aws-notify-slack/events__cloudwatch_alarm.json');
    expect(cloudwatch.detect(payload)).toBe(true);
    expect(one(payload)).toMatchObject({
      status: 'firing',
      service: 'Example',
      title: 'Example',
      labels: { region: 'EU - Ireland', account: '000000000000' },
    });
  });

  it('reads GuardDuty findings at each severity as one finding', () => {
    const alerts = (['high', 'medium', 'low'] as const).map((level) =>
      one(load(`cloudwatch/terraform-aws-notify-slack/events__guardduty_finding_${level}.json`)),
    );
    expect(alerts.map((a) => a.severityHint)).toEqual(['critical', 'warning', 'info']);
    expect(alerts[0]).toMatchObject({
      service: 'guardduty',
      title: 'SAMPLE Unprotected port on EC2 instance i-123123123 is being probed',
      labels: { region: 'us-east-1', finding_type: 'Recon:EC2 PortProbeUnprotectedPort' },
    });
    expect(new Set(alerts.map((a) => a.fingerprint)).size).toBe(1);
  });

  it('reads an AWS Health issue', () => {
    const alert = one(load('cloudwatch/terraform-aws-notify-slack/events__aws_health_event.json'));
    expect(alert).toMatchObject({
      service: 'EC2',
      title: 'EC2 instance store drive performance degraded',
      status: 'firing',
      severityHint: null,
      severityText: 'issue',
    });
    expect(alert.labels).toMatchObject({ account: '123456789012', region: 'us-west-2', resources: 'i-abcd1111' });
  });

  it('reads plain SNS messages (AWS-signed samples) as alerts named by their topic', () => {
    const { messages } = load('cloudwatch/aws-php-sns-message-validator/sns-http-signed-fixtures.json') as {
      messages: unknown[];
    };
    for (const message of messages) {
      expect(cloudwatch.detect(message)).toBe(true);
      expect(one(message)).toMatchObject({
        title: 'Hello world',
        body: 'Hello world',
        status: 'firing',
        severityHint: null,
        labels: { account: '295079676684', region: 'us-east-2' },
      });
    }
    expect(one(load('cloudwatch/aws-lambda-go/sns-event.json'))).toMatchObject({
      title: 'TestInvoke',
      body: 'Hello from SNS!',
      service: 'sns',
    });
  });

  it('does not claim the other tools’ real payloads', () => {
    const others = [
      'alertmanager/prometheus-msteams/prom_post_request.json',
      'alertmanager/prometheus-msteams/card-grafana-inspired-payload.json',
      'datadog/relay-integrations/service_check-triggered-test.json',
      'sentry/sentry-docs/issue-alert-event_alert.json',
      'sentry/sentry-docs/metric-alert-resolved.json',
      'sentry/sentry-docs/issue-created.json',
      'sentry/sentry-docs/error-created.json',
    ];
    for (const file of others) expect(cloudwatch.detect(load(file)), file).toBe(false);
  });
});
