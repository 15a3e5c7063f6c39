import { describe, expect, it } from 'vitest';
import type { NormalizedAlert } from '../core/alert.js';
import { alertmanager } from './alertmanager/alertmanager.js';
import { cloudwatch } from './cloudwatch/cloudwatch.js';
import { grafana } from './grafana/grafana.js';
import { newParseContext } from './index.js';

// Issue 13: every member of a group stored the whole body as its `raw`, so a 500-alert group
// (290 KB) became 500 copies of it in memory, in the alerts table and in the inbox. A member's
// raw is now the envelope plus its own alert: the total grows with the body, not its square.

const context = newParseContext(new Date('2026-11-22T03:04:05Z'));
const N = 500;
const size = (value: unknown) => Buffer.byteLength(JSON.stringify(value));
const totalRaw = (alerts: NormalizedAlert[]) => alerts.reduce((sum, a) => sum + size(a.raw), 0);

/** One member of a Kubernetes-style group, as in prometheus/alertmanager docs/configuration.md. */
function member(i: number): Record<string, unknown> {
  const pod = `checkout-7d9f-${i}`;
  return {
    status: 'firing',
    labels: {
      alertname: 'KubePodCrashLooping',
      namespace: 'payments',
      pod,
      container: 'api',
      job: 'kube-state-metrics',
      severity: 'warning',
    },
    annotations: {
      summary: `Pod payments/${pod} is crash looping`,
      description: `Pod payments/${pod} (api) is in waiting state (reason: "CrashLoopBackOff") for 15 minutes.`,
      runbook_url: 'https://runbooks.prometheus-operator.dev/runbooks/kubernetes/kubepodcrashlooping',
    },
    startsAt: '2026-11-22T02:49:05.123Z',
    endsAt: '0001-01-01T00:00:00Z',
    generatorURL:
      'http://prometheus:9090/graph?g0.expr=' +
      'max_over_time%28kube_pod_container_status_waiting_reason%5B5m%5D%29+%3E%3D+1',
    fingerprint: (0x1000000000000 + i).toString(16).padStart(16, '0'),
  };
}

function alertmanagerGroup(): Record<string, unknown> {
  return {
    version: '4',
    groupKey: '{}:{alertname="KubePodCrashLooping"}',
    truncatedAlerts: 0,
    status: 'firing',
    receiver: 'soloops',
    groupLabels: { alertname: 'KubePodCrashLooping' },
    commonLabels: {
      alertname: 'KubePodCrashLooping',
      namespace: 'payments',
      container: 'api',
      job: 'kube-state-metrics',
      severity: 'warning',
    },
    commonAnnotations: {
      runbook_url: 'https://runbooks.prometheus-operator.dev/runbooks/kubernetes/kubepodcrashlooping',
    },
    externalURL: 'http://alertmanager:9093',
    alerts: Array.from({ length: N }, (_, i) => member(i)),
  };
}

/** Grafana's body adds `message`, the default template rendered over every alert of the group. */
function grafanaGroup(): Record<string, unknown> {
  const group = alertmanagerGroup();
  const alerts = group.alerts as Array<Record<string, unknown>>;
  return {
    ...group,
    version: '1',
    orgId: 1,
    state: 'alerting',
    title: `[FIRING:${N}] KubePodCrashLooping (payments)`,
    message: `**Firing**\n\n${alerts
      .map(
        (a) =>
          `Labels:\n${Object.entries(a.labels as Record<string, string>)
            .map(([k, v]) => ` - ${k} = ${v}`)
            .join('\n')}\n`,
      )
      .join('\n')}`,
    alerts: alerts.map((a) => ({
      ...a,
      values: { B: 1 },
      valueString: "[ var='B' labels={} value=1 ]",
      silenceURL: 'https://grafana.example/alerting/silence/new',
      dashboardURL: '',
      panelURL: '',
    })),
  };
}

/** A Lambda invocation with N SNS records, each an alarm, as in aws-lambda-go's sample events. */
function lambdaEvent(): Record<string, unknown> {
  const record = (i: number) => ({
    EventSource: 'aws:sns',
    EventVersion: '1.0',
    EventSubscriptionArn: 'arn:aws:sns:us-east-1:123456789012:alarms:2bcfbf39-05c3-41de-beaa-fcfcc21c8f55',
    Sns: {
      Type: 'Notification',
      MessageId: `95df01b4-ee98-5cb9-9903-4c221d41${String(i).padStart(4, '0')}`,
      TopicArn: 'arn:aws:sns:us-east-1:123456789012:alarms',
      Subject: `ALARM: "api-${i} high CPU" in US East (N. Virginia)`,
      Message: JSON.stringify({
        AlarmName: `api-${i} high CPU`,
        AWSAccountId: '123456789012',
        NewStateValue: 'ALARM',
        NewStateReason: 'Threshold Crossed',
        Region: 'US East (N. Virginia)',
        OldStateValue: 'OK',
        Trigger: {
          MetricName: 'CPUUtilization',
          Namespace: 'AWS/EC2',
          Dimensions: [{ name: 'InstanceId', value: `i-${i}` }],
        },
      }),
      Timestamp: '2026-11-22T03:04:05.000Z',
      SignatureVersion: '1',
      Signature: 'EXAMPLE',
      SigningCertUrl: 'https://sns.us-east-1.amazonaws.com/SimpleNotificationService-0000000000000000000000.pem',
      UnsubscribeUrl: 'https://sns.us-east-1.amazonaws.com/?Action=Unsubscribe',
      MessageAttributes: {},
    },
  });
  return { Records: Array.from({ length: N }, (_, i) => record(i)) };
}

describe('raw of a member of a multi-alert payload', () => {
  it.each([
    ['alertmanager', alertmanager, alertmanagerGroup],
    ['grafana', grafana, grafanaGroup],
  ] as const)(
    '%s: is the envelope plus its own alert, so the total grows linearly with the group',
    (_name, source, make) => {
      const body = make();
      const alerts = source.parse(body, context);
      expect(alerts).toHaveLength(N);
      expect(totalRaw(alerts)).toBeLessThan(3 * size(body));
      alerts.forEach((alert, i) => {
        const raw = alert.raw as Record<string, unknown>;
        // Its own alert, with its labels and annotations, and nobody else's.
        expect(raw.alerts).toEqual([(body.alerts as unknown[])[i]]);
        expect(JSON.stringify(raw)).toContain(`checkout-7d9f-${i} (api)`);
        // Still a body of that sender: the envelope is there, and it parses back to this very alert.
        expect(raw).toMatchObject({
          receiver: 'soloops',
          groupKey: body.groupKey,
          commonLabels: body.commonLabels,
          externalURL: body.externalURL,
        });
        expect(source.detect(raw)).toBe(true);
        const [again, ...more] = source.parse(raw, context);
        expect(more).toHaveLength(0);
        expect({ ...again, id: alert.id }).toEqual(alert);
      });
    },
  );

  it('grafana: leaves out the group-wide rendered message, which lists every alert', () => {
    const body = grafanaGroup();
    const [first] = grafana.parse(body, context);
    expect(first!.raw).not.toHaveProperty('message');
    expect(first!.raw).toMatchObject({ title: body.title, state: 'alerting', orgId: 1 });
  });

  it('cloudwatch: a Lambda record’s raw is the event with that record only', () => {
    const event = lambdaEvent();
    const alerts = cloudwatch.parse(event, context);
    expect(alerts).toHaveLength(N);
    expect(totalRaw(alerts)).toBeLessThan(3 * size(event));
    alerts.forEach((alert, i) => {
      expect(alert.raw).toEqual({ Records: [(event.Records as unknown[])[i]] });
      expect(alert.labels.alarm).toBe(`api-${i} high CPU`);
      const [again] = cloudwatch.parse(alert.raw, context);
      expect({ ...again, id: alert.id }).toEqual(alert);
    });
  });

  it('keeps the payload itself as raw when it carries one alert', () => {
    const group = { ...alertmanagerGroup(), alerts: [member(1)] };
    expect(alertmanager.parse(group, context)[0]!.raw).toBe(group);
    const event = lambdaEvent();
    const single = { Records: [(event.Records as unknown[])[0]] };
    expect(cloudwatch.parse(single, context)[0]!.raw).toBe(single);
  });
});
