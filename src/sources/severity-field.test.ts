/**
 * Where each source finds the sender's severity (severityField), the word it keeps
 * (severityText) and the hint the vocabulary gives it (severityHint), payload by payload,
 * through detection as `soloops triage` does it.
 */
import { describe, expect, it } from 'vitest';
import { newParseContext, parsePayload } from './index.js';

const context = newParseContext(new Date('2026-11-22T03:04:05Z'));
const one = (payload: unknown) => {
  const { source, alerts } = parsePayload(payload, {}, context);
  return { source: source.name, ...alerts[0] };
};

const amGroup = (labels: Record<string, string>) => ({
  version: '4',
  status: 'firing',
  groupKey: '{}:{}',
  commonLabels: {},
  alerts: [{ status: 'firing', labels: { alertname: 'NodeCPUHigh', ...labels }, annotations: {} }],
});

const datadog = (fields: Record<string, unknown>) => ({
  title: '[Triggered] CPU high',
  body: 'cpu',
  alert_id: '1',
  alert_transition: 'Triggered',
  ...fields,
});

const sentryEvent = (level: string) => ({
  action: 'triggered',
  installation: { uuid: 'x' },
  data: {
    triggered_rule: 'errors',
    event: {
      title: 'ValidationError: email is required',
      level,
      url: 'https://sentry.io/api/0/projects/acme/signup-api/events/1/',
    },
  },
});

const kuma = (status: number) => ({
  heartbeat: { status, msg: 'timeout' },
  monitor: { id: 4, name: 'shop' },
  msg: 'x',
});

describe('the sender’s severity, source by source', () => {
  it.each([
    [
      'alertmanager severity',
      amGroup({ severity: 'critical' }),
      ['alertmanager', 'labels.severity', 'critical', 'critical'],
    ],
    ['alertmanager priority', amGroup({ priority: 'P3' }), ['alertmanager', 'labels.priority', 'P3', 'warning']],
    ['alertmanager level', amGroup({ level: ' Warning ' }), ['alertmanager', 'labels.level', 'Warning', 'warning']],
    [
      'grafana label',
      { ...amGroup({ severity: 'sev2' }), version: '1', orgId: 1 },
      ['grafana', 'labels.severity', 'sev2', 'warning'],
    ],
    [
      'grafana legacy no_data',
      { orgId: 1, ruleName: 'latency', state: 'no_data', tags: {} },
      ['grafana', 'state', 'no_data', 'warning'],
    ],
    [
      'grafana legacy tag',
      { orgId: 1, ruleName: 'latency', state: 'alerting', tags: { severity: 'critical' } },
      ['grafana', 'tags.severity', 'critical', 'critical'],
    ],
    ['datadog $ALERT_TYPE error', datadog({ alert_type: 'error' }), ['datadog', '$ALERT_TYPE', 'error', 'critical']],
    ['datadog $ALERT_PRIORITY', datadog({ alert_priority: 'P4' }), ['datadog', '$ALERT_PRIORITY', 'P4', 'info']],
    ['datadog $PRIORITY normal', datadog({ priority: 'normal' }), ['datadog', '$PRIORITY', 'normal', null]],
    [
      'datadog severity tag',
      datadog({ tags: 'env:prod,severity:critical', alert_type: 'warning' }),
      ['datadog', 'tags severity', 'critical', 'critical'],
    ],
    ['sentry level error', sentryEvent('error'), ['sentry', 'level', 'error', null]],
    ['sentry level fatal', sentryEvent('fatal'), ['sentry', 'level', 'fatal', 'critical']],
    ['uptime kuma down', kuma(0), ['uptime-kuma', 'heartbeat.status', 'down', 'critical']],
    ['uptime kuma pending', kuma(2), ['uptime-kuma', 'heartbeat.status', 'pending', 'warning']],
    [
      'cloudwatch ALARM',
      { AlarmName: 'cpu', NewStateValue: 'ALARM', Trigger: {} },
      ['cloudwatch', 'NewStateValue', 'ALARM', null],
    ],
    [
      'cloudwatch INSUFFICIENT_DATA',
      { AlarmName: 'cpu', NewStateValue: 'INSUFFICIENT_DATA', Trigger: {} },
      ['cloudwatch', 'NewStateValue', 'INSUFFICIENT_DATA', 'warning'],
    ],
    [
      'guardduty 8.0',
      { 'detail-type': 'GuardDuty Finding', detail: { type: 'Backdoor:EC2/C&CActivity.B', severity: 8 } },
      ['cloudwatch', 'detail.severity', 'high', 'critical'],
    ],
    [
      'guardduty 5.0',
      { 'detail-type': 'GuardDuty Finding', detail: { type: 'Recon:EC2/Portscan', severity: 5 } },
      ['cloudwatch', 'detail.severity', 'medium', 'warning'],
    ],
    ['generic severity', { title: 't', severity: ' Sev3 ' }, ['generic', 'severity', 'Sev3', 'info']],
    ['generic priority', { title: 't', priority: 'P1' }, ['generic', 'priority', 'P1', 'critical']],
    ['generic sev', { title: 't', sev: 'sev-2' }, ['generic', 'sev', 'sev-2', 'warning']],
    ['generic urgency', { title: 't', urgency: 'low' }, ['generic', 'urgency', 'low', 'info']],
    [
      'generic labels',
      { title: 't', labels: { severity: 'page' } },
      ['generic', 'labels.severity', 'page', 'critical'],
    ],
    ['generic tags object', { title: 't', tags: { priority: 'P5' } }, ['generic', 'tags.priority', 'P5', 'info']],
    [
      'generic tags list',
      { title: 't', tags: ['env:prod', 'severity:critical'] },
      ['generic', 'tags severity', 'critical', 'critical'],
    ],
    ['generic bare number', { title: 't', severity: 3 }, ['generic', 'severity', '3', null]],
    [
      'Zabbix names',
      { title: 't', event_severity: 'Disaster', event_nseverity: '5' },
      ['generic', 'event_severity', 'Disaster', 'critical'],
    ],
    ['Zabbix numbers', { title: 't', event_nseverity: '2' }, ['generic', 'event_nseverity', 'warning', 'warning']],
    ['no severity', { title: 't' }, ['generic', null, null, null]],
  ])('%s', (_name, payload, [source, field, text, hint]) => {
    expect(one(payload)).toMatchObject({ source, severityField: field, severityText: text, severityHint: hint });
  });
});

describe('JSON log lines', () => {
  it.each([
    [{ level: 'info', msg: 'Container healthcheck passed' }, ['level', 'info', 'info']],
    [{ lvl: 'warn', msg: 'slow query' }, ['lvl', 'warn', 'warning']],
    [{ severity: 'ERROR', message: 'db down' }, ['severity', 'ERROR', null]],
    [{ level: 50, msg: 'boom', pid: 1 }, ['level', 'error', null]],
    [{ level: 30, msg: 'listening' }, ['level', 'info', 'info']],
    [{ log: { level: 'warning' }, message: 'ECS' }, ['log.level', 'warning', 'warning']],
    [{ 'log.level': 'info', message: 'ECS flat' }, ['log.level', 'info', 'info']],
    [{ '@l': 'Fatal', '@m': 'x', message: 'Serilog' }, ['@l', 'Fatal', 'critical']],
    [{ SeverityText: 'WARN', SeverityNumber: 13, body: 'otel' }, ['SeverityText', 'WARN', 'warning']],
    [{ SeverityNumber: 21, body: 'otel' }, ['SeverityNumber', 'FATAL', 'critical']],
    [{ severity_number: 9, body: 'otel' }, ['severity_number', 'INFO', 'info']],
  ])('%j', (payload, [field, text, hint]) => {
    expect(one(payload)).toMatchObject({
      source: 'generic',
      severityField: field,
      severityText: text,
      severityHint: hint,
    });
  });

  it('reads journald JSON (journalctl -o json): PRIORITY on the syslog scale, the unit as service', () => {
    const line = {
      MESSAGE: 'logrotate.service: Succeeded.',
      PRIORITY: '6',
      _SYSTEMD_UNIT: 'logrotate.service',
      _HOSTNAME: 'web-1',
    };
    expect(one(line)).toMatchObject({
      source: 'generic',
      service: 'logrotate',
      title: 'logrotate.service: Succeeded.',
      labels: { host: 'web-1' },
      severityField: 'PRIORITY',
      severityText: 'info',
      severityHint: 'info',
    });
    expect(one({ MESSAGE: 'x', PRIORITY: '2', SYSLOG_IDENTIFIER: 'kernel' })).toMatchObject({
      service: 'kernel',
      severityText: 'crit',
      severityHint: 'critical',
    });
  });
});
