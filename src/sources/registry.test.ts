import * as z from 'zod';
import { describe, expect, it } from 'vitest';
import { SOURCES, type SourceName } from '../core/alert.js';
import { duration, secretRef } from '../core/config-primitives.js';
import { detectSource, newParseContext, parsePayload } from './index.js';
import { registry, webhookChecks, webhookSettingsShape } from './registry.js';

/** One payload each source sent, small but shaped like the real thing. */
const samples: Record<SourceName, unknown> = {
  cloudwatch: { AlarmName: 'db-cpu', NewStateValue: 'ALARM', NewStateReason: 'CPU above 90%' },
  sentry: {
    action: 'created',
    actor: { id: 'sentry', name: 'Sentry', type: 'application' },
    data: { issue: { id: '41', title: 'TypeError: x is undefined', level: 'error', project: { slug: 'web' } } },
    installation: { uuid: 'a8e5d37a-696c-4c54-adb5-b3f28d64c7de' },
  },
  datadog: { eventTitle: 'CPU high', alertType: 'error', ALERT_ID: '77', Hostname: 'db-1', Tags: ['env:prod'] },
  grafana: {
    receiver: 'soloops',
    status: 'firing',
    orgId: 1,
    alerts: [
      { status: 'firing', labels: { alertname: 'High memory' }, annotations: {}, fingerprint: 'abc1234567890def' },
    ],
    version: '1',
    state: 'alerting',
    title: '[FIRING:1] High memory',
  },
  alertmanager: {
    version: '4',
    groupKey: '{}:{alertname="DiskFull"}',
    status: 'firing',
    receiver: 'soloops',
    alerts: [{ status: 'firing', labels: { alertname: 'DiskFull' }, annotations: {}, fingerprint: 'b1c2d3e4f5061728' }],
  },
  'uptime-kuma': {
    heartbeat: { monitorID: 29, status: 0, time: '2026-11-22 03:04:05.527', msg: 'timeout' },
    monitor: { id: 29, name: 'Checkout API', url: 'https://shop.example' },
    msg: '[Checkout API] [🔴 Down] timeout',
  },
  generic: { title: 'Backup failed', message: 'exit 1', service: 'backups', severity: 'critical' },
  text: 'Nov 22 03:04:05 web-1 api[1]: ERROR connection refused',
};

const context = newParseContext(new Date('2026-11-22T03:04:05Z'));
const names = registry.map((unit) => unit.source.name);

describe('the source registry', () => {
  it('has one unit for every name in SOURCES, each with detect and parse', () => {
    expect([...names].sort()).toEqual([...SOURCES].sort());
    expect(new Set(names).size).toBe(names.length);
    for (const { source } of registry) {
      expect(typeof source.detect, source.name).toBe('function');
      expect(typeof source.parse, source.name).toBe('function');
    }
  });

  it('puts every unit where no earlier one claims its payloads: generic last among objects, text last', () => {
    expect(names.at(-1)).toBe('text');
    expect(names.at(-2)).toBe('generic');
    expect(names.indexOf('grafana')).toBeLessThan(names.indexOf('alertmanager'));
    for (const name of names) {
      expect(detectSource(samples[name])?.name, name).toBe(name);
      const { alerts } = parsePayload(samples[name], {}, context);
      expect(alerts.length, name).toBeGreaterThan(0);
      for (const alert of alerts) expect(alert.source).toBe(name);
    }
  });

  it('lists each webhook check once, local checks before the ones that may download', () => {
    const keys = webhookChecks.map((check) => check.key);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys).not.toContain('token');
    const remote = webhookChecks.map((check) => check.remote);
    expect(remote).toEqual([...remote].sort((a, b) => Number(a) - Number(b)));
    const declared = registry.flatMap((unit) => ('auth' in unit ? [unit.auth.key] : []));
    expect([...keys].sort()).toEqual([...declared].sort());
  });

  it('gives every webhook check an optional setting under its key', () => {
    const shape = webhookSettingsShape({
      strictObject: z.strictObject,
      boolean: z.boolean,
      secretRef,
      duration,
    }) as Record<string, z.ZodType>;
    expect(Object.keys(shape)).toEqual(webhookChecks.map((check) => check.key));
    for (const schema of Object.values(shape)) expect(schema.safeParse(undefined).success).toBe(true);
  });
});
