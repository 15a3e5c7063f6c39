import { describe, expect, it } from 'vitest';
import { readPayload } from '../../../test/helpers/payloads.js';
import { UserError } from '../../core/errors.js';
import { alertmanager } from '../alertmanager/alertmanager.js';
import { newParseContext } from '../index.js';

/** A payload prometheus-msteams captured, kept in test/fixtures/payloads/alertmanager (SOURCES.md there). */
function corpus(file: string): Record<string, unknown> {
  return readPayload(`alertmanager/prometheus-msteams/${file}`);
}

const context = newParseContext(new Date('2026-11-22T03:04:05Z'));

/** A current (v0.25+) webhook body, as in prometheus/alertmanager docs/configuration.md. */
function group(
  overrides: Record<string, unknown> = {},
  alerts: Array<Record<string, unknown>> = [member()],
): Record<string, unknown> {
  return {
    version: '4',
    groupKey: '{}:{alertname="DiskFull"}',
    truncatedAlerts: 0,
    status: 'firing',
    receiver: 'soloops',
    groupLabels: { alertname: 'DiskFull' },
    commonLabels: { alertname: 'DiskFull', severity: 'critical' },
    commonAnnotations: {},
    externalURL: 'http://alertmanager:9093',
    alerts,
    ...overrides,
  };
}

function member(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    status: 'firing',
    labels: { alertname: 'DiskFull', instance: 'db-1:9100', job: 'node', severity: 'critical' },
    annotations: { summary: 'Disk 91% full on db-1', description: '/dev/sda1 has 9% left at 12:03' },
    startsAt: '2026-11-22T03:00:00Z',
    endsAt: '0001-01-01T00:00:00Z',
    generatorURL: 'http://prometheus:9090/graph?g0.expr=…',
    fingerprint: 'b1c2d3e4f5061728',
    ...overrides,
  };
}

describe('alertmanager: captured payloads (prometheus-msteams)', () => {
  it('turns every alert of a 3-alert group into one alert with the per-alert status and fingerprint', () => {
    const payload = corpus('card-grafana-inspired-payload.json');
    expect(alertmanager.detect(payload)).toBe(true);
    const alerts = alertmanager.parse(payload, context);
    expect(alerts).toHaveLength(3);
    for (const alert of alerts) {
      expect(alert).toMatchObject({
        source: 'alertmanager',
        status: 'firing',
        service: 'whatever/promstack',
        title: 'Ratio(Max(Working Set, RSS) / Reservation) [5m Avg] < 40 %',
        severityHint: 'info',
        severityText: 'info',
        receivedAt: '2026-11-22T03:04:05.000Z',
      });
      expect(alert.body).toMatch(/^Lorem ipsum/);
      // commonLabels merged under the alert's own labels
      expect(alert.labels).toMatchObject({ alertname: 'JustATestAlert_1', name_space: 'wh_ate_ver/promstack' });
    }
    expect(alerts.map((a) => a.labels.name)).toEqual(['grafana', 'nginx', 'prometheus']);
    // Each member's raw is the group's envelope with only its own alert (not the whole body thrice).
    const { alerts: members, ...envelope } = payload;
    expect(alerts.map((a) => a.raw)).toEqual((members as unknown[]).map((m) => ({ ...envelope, alerts: [m] })));
    expect(new Set(alerts.map((a) => a.fingerprint)).size).toBe(3);
    expect(new Set(alerts.map((a) => a.id)).size).toBe(3);
  });

  it('reads an older body without per-alert status or fingerprint from the group', () => {
    const payload = corpus('prom_post_request.json');
    expect(alertmanager.detect(payload)).toBe(true);
    const [alert, ...more] = alertmanager.parse(payload, context);
    expect(more).toHaveLength(0);
    expect(alert).toMatchObject({
      status: 'firing',
      service: 'docker_nodes',
      title: 'Server High Memory usage',
      body: '10.80.40.11 reported high memory usage with 23.28%.',
      severityHint: 'warning',
      severityText: 'warning',
    });
    expect(alert?.labels).toMatchObject({ instance: 'instance-with-hyphen_and_underscore', monitor: 'master' });

    const resolved = alertmanager.parse({ ...payload, status: 'resolved' }, context)[0];
    expect(resolved?.status).toBe('resolved');
    expect(resolved?.fingerprint).toBe(alert?.fingerprint);
  });
});

describe('alertmanager: own fixtures', () => {
  it('lets a per-alert status win over the group status', () => {
    const alerts = alertmanager.parse(
      group({}, [member(), member({ status: 'resolved', fingerprint: '0a0b0c0d0e0f0102' })]),
      context,
    );
    expect(alerts.map((a) => a.status)).toEqual(['firing', 'resolved']);
  });

  it('keeps the same fingerprint when the alert fires again with other numbers, and when it resolves', () => {
    const first = alertmanager.parse(group(), context)[0];
    const again = alertmanager.parse(
      group({}, [
        member({
          annotations: { summary: 'Disk 97% full on db-1', description: '3% left at 04:10' },
          startsAt: '2026-11-23T04:10:00Z',
        }),
      ]),
      context,
    )[0];
    const resolved = alertmanager.parse(group({ status: 'resolved' }, [member({ status: 'resolved' })]), context)[0];
    expect(again?.fingerprint).toBe(first?.fingerprint);
    expect(resolved?.fingerprint).toBe(first?.fingerprint);
  });

  it('keeps sender fingerprints that differ only in digits apart (they are ids, not values)', () => {
    const [a, b] = alertmanager.parse(
      group({}, [member({ fingerprint: 'ff6a7a0f5f1c1309' }), member({ fingerprint: 'ff6a7a0f5f1c1308' })]),
      context,
    );
    expect(a?.fingerprint).not.toBe(b?.fingerprint);
  });

  it('fingerprints by label set when the sender gives none, normalizing numbers', () => {
    const labels = (instance: string) => ({ alertname: 'HighLatency', instance, job: 'api' });
    const [a, b, c] = alertmanager.parse(
      group({}, [
        member({ fingerprint: undefined, labels: labels('10.0.0.1:9100') }),
        member({ fingerprint: undefined, labels: labels('10.0.0.2:9100') }),
        member({ fingerprint: undefined, labels: { alertname: 'Other', job: 'api' } }),
      ]),
      context,
    );
    expect(a?.fingerprint).toBe(b?.fingerprint);
    expect(a?.fingerprint).not.toBe(c?.fingerprint);
  });

  it.each([
    ['critical', 'critical'],
    ['page', 'critical'],
    [' Critical ', 'critical'],
    // Ambiguous: the model decides, with the word as a strong feature.
    ['error', null],
    ['high', null],
    ['warning', 'warning'],
    ['warn', 'warning'],
    ['info', 'info'],
    ['none', 'info'],
    ['sometimes', null],
  ])('maps severity label %s to hint %s and keeps the raw word', (word, hint) => {
    const alert = alertmanager.parse(
      group({ commonLabels: {} }, [member({ labels: { alertname: 'X', severity: word } })]),
      context,
    )[0];
    expect(alert?.severityHint).toBe(hint);
    expect(alert?.severityText).toBe(word.trim());
    expect(alert?.severityField).toBe('labels.severity');
  });

  it('has a null hint without a severity label', () => {
    const alert = alertmanager.parse(group({ commonLabels: {} }, [member({ labels: { alertname: 'X' } })]), context)[0];
    expect(alert).toMatchObject({
      severityHint: null,
      severityText: null,
      service: 'prometheus',
      title: 'Disk 91% full on db-1',
    });
  });

  it.each([
    [{ service: 'payments', app: 'a', job: 'j' }, 'payments'],
    [{ app: 'web', job: 'j', namespace: 'ns' }, 'web'],
    [{ job: 'node', namespace: 'ns', instance: 'db-1:9100' }, 'node'],
    [{ namespace: 'shop', instance: 'db-1:9100' }, 'shop'],
    [{ instance: 'db-1:9100' }, 'db-1:9100'],
  ])('picks the service from labels %o', (labels, service) => {
    const alert = alertmanager.parse(
      group({ commonLabels: {} }, [member({ labels: { alertname: 'X', ...labels } })]),
      context,
    )[0];
    expect(alert?.service).toBe(service);
  });

  it('falls back to alertname for the title and message for the body', () => {
    const alert = alertmanager.parse(group({}, [member({ annotations: { message: 'free space low' } })]), context)[0];
    expect(alert).toMatchObject({ title: 'DiskFull', body: 'free space low' });
  });

  it('rejects a body without an alerts array, or with a non-object alert', () => {
    expect(() => alertmanager.parse({ version: '4' }, context)).toThrow(UserError);
    expect(() => alertmanager.parse(group({}, ['oops' as never]), context)).toThrow(UserError);
    expect(() => alertmanager.parse('text', context)).toThrow(UserError);
  });

  it('detects v4 bodies only', () => {
    expect(alertmanager.detect(group())).toBe(true);
    expect(alertmanager.detect({ alerts: [] })).toBe(false);
    expect(alertmanager.detect({ title: 'x' })).toBe(false);
    expect(alertmanager.detect(null)).toBe(false);
  });
});
