import { describe, expect, it } from 'vitest';
import type { Incident, IncidentStore } from '../../core/incident.js';
import type { CheckTotals, DownSpell, SlaStore } from '../../core/sla.js';
import { buildSlaReport, type ReportInput } from './build.js';

// The report's arithmetic over a store stub that answers as the real one would (the store itself
// is tested on SQLite and PostgreSQL in store/sla-store.test.ts).

const from = new Date('2026-11-01T00:00:00Z');
const to = new Date('2026-12-01T00:00:00Z');
const at = (text: string) => new Date(`2026-11-${text}Z`);

function totals(check: string, ok: number, failed: number, hist: [number, number][]): CheckTotals {
  return { check, total: ok + failed, ok, errors: failed ? { timeout: failed } : {}, hist, first: from };
}

function stores(current: CheckTotals[], earlier: CheckTotals[], spells: DownSpell[], incidents: Incident[]) {
  const sla: Partial<SlaStore> = {
    checkTotals: async (checks, start) => (start < from ? earlier : current).filter((t) => checks.includes(t.check)),
    downSpells: async (thresholds) => spells.filter((s) => s.check in thresholds),
    usageDays: async () => [],
  };
  const incidentStore: Partial<IncidentStore> = { list: async () => incidents };
  return { sla: sla as SlaStore, incidents: incidentStore as IncidentStore };
}

function incident(id: string, priority: 'P1' | 'P2' | 'P3', created: Date, resolved: Date | null): Incident {
  return {
    id,
    title: id,
    description: '',
    severity: 'high',
    priority,
    priorityAuto: false,
    status: resolved ? 'resolved' : 'investigating',
    services: ['api'],
    reporter: 'ana',
    detection: 'by hand',
    createdAt: created,
    resolvedAt: resolved,
    version: 1,
  };
}

const input = (services: ReportInput['services']): ReportInput => ({
  services,
  thresholds: {},
  from,
  to,
  now: new Date('2026-12-04T00:00:00Z'),
  timeZone: 'UTC',
  label: '2026-11',
  responseLimitMs: 1000,
});

const service = (id: string, checks: string[], baseline_ms?: number) => ({
  id,
  name: id,
  description: '',
  checks,
  alert_services: [],
  ...(baseline_ms !== undefined && { baseline_ms }),
});

describe('buildSlaReport', () => {
  it('counts a service down while any of its checks is, and takes the baseline from the 30 days before', async () => {
    const report = await buildSlaReport(
      stores(
        [
          totals('a', 90, 10, [
            [100, 80],
            [390, 9],
            [2000, 1],
          ]),
          totals('b', 100, 0, [[100, 100]]),
        ],
        [totals('a', 10, 0, [[80, 10]])],
        [
          { check: 'a', from: at('02T10:00:00.000'), to: at('02T11:00:00.000') },
          { check: 'b', from: at('02T10:30:00.000'), to: at('02T12:00:00.000') },
        ],
        [
          incident('inc-1', 'P1', at('02T10:05:00.000'), at('02T12:05:00.000')),
          incident('inc-2', 'P3', at('20T00:00:00.000'), null),
          incident('inc-0', 'P1', new Date('2026-10-31T23:00:00Z'), at('01T01:00:00.000')),
        ],
      ),
      input([service('api', ['a', 'b'])]),
    );
    const [api] = report.services;
    expect(api!.availability).toMatchObject({ totalChecks: 200, failed: 10, uptimePct: 95, downtimeMinutes: 120 });
    expect(api!.availability.downtime).toBe('2h');
    expect(api!.availability.timeUptimePct).toBeCloseTo((1 - 2 / (30 * 24)) * 100, 3);
    expect(api!.responseTimes).toMatchObject({
      samples: 190,
      baselineMs: 80,
      baselineSource: 'previous-30-days',
      atLeast300Pct: { count: 10 },
      atLeast500Pct: { count: 1 },
      // One answer slower than 1000 ms and ten timeouts, of 200 probes.
      overLimit: { count: 11, pct: 5.5 },
    });
    expect(api!.incidents).toMatchObject({ total: 2, byPriority: { P1: 1, P2: 0, P3: 1 }, averageResolution: '2h' });
    expect(api!.usage).toBeNull();
  });

  it('prefers a configured baseline, and falls back to the period’s median with no earlier data', async () => {
    const current = [
      totals('a', 3, 0, [
        [10, 2],
        [50, 1],
      ]),
    ];
    const configured = await buildSlaReport(stores(current, [], [], []), input([service('api', ['a'], 5)]));
    expect(configured.services[0]!.responseTimes).toMatchObject({ baselineMs: 5, baselineSource: 'configured' });
    const own = await buildSlaReport(stores(current, [], [], []), input([service('api', ['a'])]));
    expect(own.services[0]!.responseTimes).toMatchObject({ baselineMs: 10, baselineSource: 'period' });
    const none = await buildSlaReport(stores([], [], [], []), input([service('web', [])]));
    expect(none.services[0]!.responseTimes).toMatchObject({
      baselineMs: null,
      baselineSource: 'none',
      atLeast300Pct: null,
    });
    expect(none.services[0]!.availability).toMatchObject({ uptimePct: null, timeUptimePct: null, downtime: '0m' });
  });
});
