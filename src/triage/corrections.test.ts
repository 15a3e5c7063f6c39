import { describe, expect, it } from 'vitest';
import type { NormalizedAlert } from '../core/alert.js';
import { type Correction, Corrections, correctionReason, typeOf } from './corrections.js';

function alert(overrides: Partial<NormalizedAlert> = {}): NormalizedAlert {
  return {
    id: '1a2b3c4d-0000-4000-8000-000000000000',
    source: 'generic',
    service: 'payments',
    title: 'Queue lag high',
    body: '',
    labels: {},
    status: 'firing',
    severityHint: null,
    severityText: null,
    fingerprint: 'fp-1',
    receivedAt: '2026-11-30T03:00:00.000Z',
    raw: null,
    ...overrides,
  };
}

function correction(overrides: Partial<Correction> = {}): Correction {
  return {
    type: 'generic|payments|queue lag high',
    fingerprint: 'fp-1',
    severity: 'warning',
    at: '2026-11-30T03:04:05.000Z',
    alertId: '1a2b3c4d-0000-4000-8000-000000000000',
    title: 'Queue lag high',
    ...overrides,
  };
}

describe('typeOf', () => {
  it('is source, service and name, with numbers, ids, hosts and quoted values normalized away', () => {
    const one = alert({
      title: 'Disk "/var" 91% full on web-1 (req 7f3a9c2e1b)',
      labels: { host: 'web-1' },
    });
    const two = alert({
      title: "Disk '/home' 97% full on web-22 (req 0badc0ffee)",
      labels: { host: 'web-22' },
    });
    expect(typeOf(one)).toBe('generic|payments|disk <q> <n>% full on <host> (req <hex>)');
    expect(typeOf(two)).toBe(typeOf(one));
    expect(typeOf(alert({ title: 'Queue lag high' }))).toBe('generic|payments|queue lag high');
  });

  it("prefers the alert's name label (alertname, CloudWatch alarm, monitor) to its title", () => {
    const am = alert({ source: 'alertmanager', title: 'CPU at 93% on db-1', labels: { alertname: 'HostHighCpu' } });
    expect(typeOf(am)).toBe('alertmanager|payments|hosthighcpu');
    const cw = alert({ source: 'cloudwatch', service: 'AWS/RDS db-1', labels: { alarm: 'rds-cpu-high' } });
    expect(typeOf(cw)).toBe('cloudwatch|aws/rds db-<n>|rds-cpu-high');
    expect(typeOf(alert({ source: 'uptime-kuma', labels: { monitor: 'Shop' } }))).toBe('uptime-kuma|payments|shop');
  });

  it('keeps different sources, services and names apart', () => {
    const base = typeOf(alert());
    expect(typeOf(alert({ source: 'datadog' }))).not.toBe(base);
    expect(typeOf(alert({ service: 'search' }))).not.toBe(base);
    expect(typeOf(alert({ title: 'Queue lag low' }))).not.toBe(base);
    // An apostrophe inside a word is not a quote.
    expect(typeOf(alert({ title: "Can't reach 'db' now" }))).toBe("generic|payments|can't reach <q> now");
  });
});

describe('Corrections', () => {
  it('finds nothing when empty, and finds a correction by type or by fingerprint', () => {
    expect(Corrections.none.find(alert())).toBeUndefined();
    const corrections = new Corrections([correction()]);
    expect(corrections.find(alert({ fingerprint: 'other', title: 'Queue lag high' }))?.severity).toBe('warning');
    expect(corrections.find(alert({ fingerprint: 'fp-1', title: 'renamed' }))?.severity).toBe('warning');
    expect(corrections.find(alert({ fingerprint: 'other', title: 'renamed' }))).toBeUndefined();
  });

  it('lets the latest verdict on a type win, whether it came by fingerprint or by type', () => {
    const older = correction({ severity: 'warning' });
    const newer = correction({ severity: 'info', fingerprint: 'fp-2', at: '2026-12-01T00:00:00.000Z' });
    expect(new Corrections([older, newer]).find(alert())?.severity).toBe('info');
    expect(new Corrections([newer, older]).find(alert())?.severity).toBe('warning');
  });

  it('is built from plain JSON, as a worker thread receives it', () => {
    const corrections = new Corrections(JSON.parse(JSON.stringify([correction()])) as Correction[]);
    expect(corrections.find(alert())?.title).toBe('Queue lag high');
  });
});

describe('correctionReason', () => {
  it('names the verdict, the date and the alert (first 8 characters) or "taught"', () => {
    expect(correctionReason(correction())).toBe('you marked this type warning on 2026-11-30 (alert 1a2b3c4d)');
    expect(correctionReason(correction({ alertId: null, severity: 'info' }))).toBe(
      'you marked this type info on 2026-11-30 (taught)',
    );
  });

  it("dates it in the person's time zone when given", () => {
    const late = correction({ at: '2026-11-30T23:30:00.000Z' });
    expect(correctionReason(late)).toContain('on 2026-11-30');
    expect(correctionReason(late, 'Europe/Berlin')).toContain('on 2026-12-01');
    expect(correctionReason(late, 'America/New_York')).toContain('on 2026-11-30');
  });
});
