import { describe, expect, it } from 'vitest';
import { hostAlertRuleSchema, type HostAlertRule } from '../core/host-alerts-config.js';
import { ThresholdEvaluator, thresholdAlert, type HostReading } from './thresholds.js';

const rule = (input: Record<string, unknown>): HostAlertRule => hostAlertRuleSchema.parse(input);
const T0 = Date.parse('2026-12-05T03:00:00Z');
const at = (minutes: number) => new Date(T0 + minutes * 60_000);
const reading = (minutes: number, values: Partial<HostReading> = {}): HostReading => ({
  host: 'web-1',
  takenAt: at(minutes),
  cpuPct: 10,
  memUsedPct: 50,
  diskMaxPct: 50,
  load1: 0.5,
  ...values,
});

describe('ThresholdEvaluator', () => {
  it('goes pending → firing after `for`, once, then resolved on the first reading back below', () => {
    const evaluator = new ThresholdEvaluator([rule({ metric: 'disk', above: 90, for: '10m', severity: 'warning' })]);
    expect(evaluator.observe(reading(0, { diskMaxPct: 95 }))).toEqual([]); // pending
    expect(evaluator.observe(reading(5, { diskMaxPct: 96 }))).toEqual([]); // still pending
    const fired = evaluator.observe(reading(10, { diskMaxPct: 97 }));
    expect(fired).toMatchObject([{ status: 'firing', host: 'web-1', value: 97, since: at(0), at: at(10) }]);
    expect(evaluator.observe(reading(11, { diskMaxPct: 98 }))).toEqual([]); // fires once, not every sample
    const resolved = evaluator.observe(reading(12, { diskMaxPct: 90 })); // at the threshold is not above
    expect(resolved).toMatchObject([{ status: 'resolved', value: 90, since: at(0) }]);
    expect(evaluator.observe(reading(13, { diskMaxPct: 50 }))).toEqual([]);
  });

  it('a pending spell that ends before `for` raises nothing, and the next spell starts the clock again', () => {
    const evaluator = new ThresholdEvaluator([rule({ metric: 'cpu', above: 80, for: '10m', severity: 'warning' })]);
    evaluator.observe(reading(0, { cpuPct: 90 }));
    expect(evaluator.observe(reading(9, { cpuPct: 20 }))).toEqual([]);
    expect(evaluator.observe(reading(12, { cpuPct: 90 }))).toEqual([]);
    expect(evaluator.observe(reading(21, { cpuPct: 90 }))).toEqual([]);
    expect(evaluator.observe(reading(22, { cpuPct: 90 }))).toMatchObject([{ status: 'firing', since: at(12) }]);
  });

  it('fires on the first reading above when `for` is 0 (the default)', () => {
    const evaluator = new ThresholdEvaluator([rule({ metric: 'memory', above: 95, severity: 'critical' })]);
    expect(evaluator.observe(reading(0, { memUsedPct: 95 }))).toEqual([]);
    expect(evaluator.observe(reading(1, { memUsedPct: 95.1 }))).toMatchObject([{ status: 'firing' }]);
  });

  it('keeps state per host, and a host glob limits the rule to matching hosts', () => {
    const evaluator = new ThresholdEvaluator([
      rule({ metric: 'load1', above: 4, severity: 'warning', host: 'WEB-*' }),
      rule({ name: 'db-disk', metric: 'disk', above: 80, severity: 'critical', host: 'db-{1,2}' }),
    ]);
    expect(evaluator.observe(reading(0, { host: 'web-1', load1: 5 }))).toMatchObject([{ host: 'web-1' }]);
    expect(evaluator.observe(reading(0, { host: 'web-2', load1: 5 }))).toMatchObject([{ host: 'web-2' }]);
    expect(evaluator.observe(reading(0, { host: 'api-1', load1: 5, diskMaxPct: 99 }))).toEqual([]);
    expect(evaluator.observe(reading(0, { host: 'db-2', diskMaxPct: 99 }))).toMatchObject([
      { host: 'db-2', rule: { name: 'db-disk' } },
    ]);
    // web-1 resolves; web-2 is still firing and is not told again.
    expect(evaluator.observe(reading(1, { host: 'web-1', load1: 1 }))).toMatchObject([{ status: 'resolved' }]);
    expect(evaluator.observe(reading(1, { host: 'web-2', load1: 6 }))).toEqual([]);
    expect(evaluator.observe(reading(2, { host: 'web-2', load1: 1 }))).toMatchObject([{ host: 'web-2' }]);
  });

  it('a missing reading (no filesystem) changes nothing', () => {
    const evaluator = new ThresholdEvaluator([rule({ metric: 'disk', above: 90, severity: 'warning' })]);
    evaluator.observe(reading(0, { diskMaxPct: 95 }));
    expect(evaluator.observe(reading(1, { diskMaxPct: null }))).toEqual([]);
    expect(evaluator.observe(reading(2, { diskMaxPct: 10 }))).toMatchObject([{ status: 'resolved' }]);
  });

  it('keeps the state of rules a reload keeps, and forgets removed ones', () => {
    const disk = rule({ name: 'disk', metric: 'disk', above: 90, severity: 'warning' });
    const cpu = rule({ name: 'cpu', metric: 'cpu', above: 90, severity: 'warning' });
    const evaluator = new ThresholdEvaluator([disk, cpu]);
    expect(evaluator.observe(reading(0, { diskMaxPct: 95, cpuPct: 95 }))).toHaveLength(2);
    evaluator.setRules([disk]);
    evaluator.setRules([disk, cpu]);
    // disk is still firing (no repeat); cpu starts over and fires again as a new spell.
    expect(evaluator.observe(reading(1, { diskMaxPct: 95, cpuPct: 95 }))).toMatchObject([{ rule: { name: 'cpu' } }]);
  });
});

describe('thresholdAlert', () => {
  const disk = rule({ metric: 'disk', above: 90, for: '10m', severity: 'warning' });
  const change = (status: 'firing' | 'resolved', host = 'web-1', value = 97) =>
    ({ rule: disk, host, status, value, since: at(0), at: at(10) }) as const;

  it('carries the rule severity as the sender word, host as service, and alertname/host/metric labels', () => {
    const alert = thresholdAlert(change('firing'), 'id-1', at(10));
    expect(alert).toMatchObject({
      source: 'check',
      service: 'web-1',
      title: 'disk above 90 % on web-1',
      status: 'firing',
      severityHint: 'warning',
      severityText: 'warning',
      labels: { alertname: 'disk>90', host: 'web-1', metric: 'disk' },
    });
    expect(alert.body).toContain('97 %');
  });

  it('firing and resolved share a fingerprint; another host or rule has its own', () => {
    const firing = thresholdAlert(change('firing'), 'a', at(10)).fingerprint;
    expect(thresholdAlert(change('resolved', 'web-1', 40), 'b', at(11)).fingerprint).toBe(firing);
    expect(thresholdAlert(change('firing', 'web-2'), 'c', at(10)).fingerprint).not.toBe(firing);
    const other = { ...change('firing'), rule: { ...disk, name: 'disk-full' } };
    expect(thresholdAlert(other, 'd', at(10)).fingerprint).not.toBe(firing);
    expect(thresholdAlert(change('resolved'), 'e', at(11))).toMatchObject({ status: 'resolved', severityText: null });
  });
});
