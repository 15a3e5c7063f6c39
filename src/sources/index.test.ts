import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  corpusPayloadsDir,
  fixtureOfCorpusFile,
  jsonFiles,
  payloadPath,
  payloadsDir,
  readPayload,
} from '../../test/helpers/payloads.js';
import type { SourceName } from '../core/alert.js';
import { UserError } from '../core/errors.js';
import { detectSource, newParseContext, parsePayload, sourceNames, sources } from './index.js';

/** Every JSON file of test/fixtures/payloads and the source that must claim it (null: not an alert payload). */
const expected: Record<string, SourceName | null> = {
  'alertmanager/prometheus-msteams/card-grafana-inspired-payload.json': 'alertmanager',
  'alertmanager/prometheus-msteams/prom_post_request.json': 'alertmanager',
  // A container of signed SNS messages ({_source, messages}); each message is checked below.
  'cloudwatch/aws-php-sns-message-validator/sns-http-signed-fixtures.json': null,
  'cloudwatch/aws-lambda-go/cloudwatch-alarm-sns-payload-multiple-metrics.json': 'cloudwatch',
  'cloudwatch/aws-lambda-go/cloudwatch-alarm-sns-payload-single-metric.json': 'cloudwatch',
  'cloudwatch/aws-lambda-go/sns-event.json': 'cloudwatch',
  'cloudwatch/lita-aws-cloudwatch/sns-http-confirmation.json': 'cloudwatch',
  'cloudwatch/lita-aws-cloudwatch/sns-http-notification.json': 'cloudwatch',
  'cloudwatch/terraform-aws-notify-slack/events__aws_health_event.json': 'cloudwatch',
  'cloudwatch/terraform-aws-notify-slack/events__cloudwatch_alarm.json': 'cloudwatch',
  'cloudwatch/terraform-aws-notify-slack/events__guardduty_finding_high.json': 'cloudwatch',
  'cloudwatch/terraform-aws-notify-slack/events__guardduty_finding_low.json': 'cloudwatch',
  'cloudwatch/terraform-aws-notify-slack/events__guardduty_finding_medium.json': 'cloudwatch',
  'cloudwatch/terraform-aws-notify-slack/messages__cloudwatch_alarm.json': 'cloudwatch',
  // A JSON Schema describing Datadog events, not an event.
  'datadog/relay-integrations/event.schema.json': null,
  'datadog/relay-integrations/service_check-triggered-test.json': 'datadog',
  'sentry/sentry-docs/error-created.json': 'sentry',
  'sentry/sentry-docs/issue-alert-event_alert.json': 'sentry',
  'sentry/sentry-docs/issue-created.json': 'sentry',
  'sentry/sentry-docs/metric-alert-resolved.json': 'sentry',
};

// The workspace corpus, when it sits beside the repository, is checked as well: its files are the
// same payloads under other folder names, and a file it gains must get an expectation here.
const corpus = corpusPayloadsDir();
const corpusFiles = corpus ? jsonFiles(corpus) : [];
type Case = [label: string, name: SourceName | null, file: string];
const cases: Case[] = [
  ...Object.entries(expected).map(([file, name]): Case => [file, name, payloadPath(file)]),
  ...corpusFiles.map((file): Case => {
    const name = expected[fixtureOfCorpusFile(file) ?? ''] ?? null;
    return [`corpus ${file}`, name, path.join(corpus ?? '', file)];
  }),
];

const context = newParseContext(new Date('2026-11-22T03:04:05Z'));

describe('detection over the public payloads', () => {
  it('has an expectation for every JSON payload file', () => {
    expect(jsonFiles(payloadsDir)).toEqual(Object.keys(expected).sort());
    const unmapped = corpusFiles.filter((file) => !Object.hasOwn(expected, fixtureOfCorpusFile(file) ?? ''));
    expect(unmapped, 'corpus files with no fixture counterpart').toEqual([]);
  });

  it.each(cases)('%s → %s', (_, name, file) => {
    const payload: unknown = JSON.parse(fs.readFileSync(file, 'utf8'));
    expect(detectSource(payload)?.name ?? null).toBe(name);
    if (name === null) {
      expect(() => parsePayload(payload, {}, context)).toThrow(UserError);
      return;
    }
    const { source, alerts } = parsePayload(payload, {}, context);
    expect(source.name).toBe(name);
    for (const alert of alerts) {
      expect(alert.source).toBe(name);
      expect(alert.id).toMatch(/^[0-9a-f-]{36}$/);
      expect(alert.fingerprint).toMatch(/^[0-9a-f]{16}$/);
      expect(['firing', 'resolved']).toContain(alert.status);
      expect(alert.title).not.toBe('');
      expect(alert.receivedAt).toBe('2026-11-22T03:04:05.000Z');
    }
  });

  it('reads each AWS-signed SNS message as cloudwatch', () => {
    const { messages } = readPayload<{ messages: unknown[] }>(
      'cloudwatch/aws-php-sns-message-validator/sns-http-signed-fixtures.json',
    );
    expect(messages.length).toBeGreaterThan(0);
    for (const message of messages) expect(detectSource(message)?.name).toBe('cloudwatch');
  });
});

describe('detectSource and parsePayload', () => {
  it('lists every source once, text last', () => {
    expect(sourceNames).toEqual([
      'cloudwatch',
      'sentry',
      'datadog',
      'grafana',
      'alertmanager',
      'uptime-kuma',
      'generic',
      'text',
    ]);
    expect(sources.map((s) => s.name)).toEqual(sourceNames);
  });

  it('leaves generic JSON to the generic source', () => {
    const payloads = [
      { title: 'Backup failed', message: 'exit 1', service: 'backups', severity: 'critical' },
      { message: 'disk full', status: 'firing', labels: { host: 'db-1' } },
      { title: 'Deploy finished', description: 'v1.2.3', source: 'ci', status: 'resolved' },
      { msg: 'db timeout', level: 'error', time: 1764000000000 },
    ];
    for (const payload of payloads) {
      for (const source of sources)
        if (source.name !== 'generic')
          expect(source.detect(payload), `${source.name} claimed ${JSON.stringify(payload)}`).toBe(false);
      expect(detectSource(payload)?.name).toBe('generic');
    }
  });

  it('sends strings to text, whatever they look like', () => {
    for (const line of [
      'Nov 22 03:04:05 web-1 api[1]: ERROR boom',
      'level=error msg=x',
      '{"title": "quoted json stays text"}',
    ]) {
      expect(detectSource(line)?.name).toBe('text');
      expect(parsePayload(line, {}, context).alerts[0]?.source).toBe('text');
    }
  });

  it('rejects an unknown object with its keys and a hint naming the accepted shapes and --source', () => {
    const error = (() => {
      try {
        parsePayload({ foo: 1, bar: { baz: 2 } }, {}, context);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).message).toContain('foo, bar');
    expect((error as UserError).hint).toMatch(/--source/);
    expect((error as UserError).hint).toMatch(/generic JSON/);
  });

  it.each([null, 42, true, [{ title: 'x' }]])('rejects %j as not an alert', (payload) => {
    expect(detectSource(payload)).toBeNull();
    expect(() => parsePayload(payload, {}, context)).toThrow(UserError);
  });

  it('lets --source force a source and skip detection', () => {
    const grafanaShaped = {
      orgId: 1,
      version: '1',
      status: 'firing',
      alerts: [{ labels: { alertname: 'X' }, annotations: {}, fingerprint: 'abc1234567890def' }],
    };
    expect(parsePayload(grafanaShaped, {}, context).source.name).toBe('grafana');
    const forced = parsePayload(grafanaShaped, { source: 'alertmanager' }, context);
    expect(forced.source.name).toBe('alertmanager');
    expect(forced.alerts[0]?.source).toBe('alertmanager');
    expect(parsePayload({ title: 'x', message: 'y' }, { source: 'text' }, context).alerts[0]?.source).toBe('text');
    expect(() => parsePayload('a line', { source: 'generic' }, context)).toThrow(UserError);
    expect(() => parsePayload({}, { source: 'nope' as SourceName }, context)).toThrow(/unknown source/);
  });

  it('mints a fresh id per alert and stamps the received time', () => {
    const ctx = newParseContext(new Date('2026-01-02T03:04:05Z'));
    const ids = new Set([ctx.newId(), ctx.newId(), ctx.newId()]);
    expect(ids.size).toBe(3);
    expect(ctx.receivedAt.toISOString()).toBe('2026-01-02T03:04:05.000Z');
    expect(newParseContext().receivedAt).toBeInstanceOf(Date);
  });
});
