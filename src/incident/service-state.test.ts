import { describe, expect, it } from 'vitest';
import type { Incident, IncidentSeverity } from '../core/incident.js';
import { type ServiceConfig, serviceSchema } from '../core/incident-config.js';
import {
  type CheckStatus,
  OVERALL_STATE_RULES,
  SERVICE_STATE_RULES,
  incidentAffects,
  overallState,
  serviceState,
  serviceStateRule,
} from './service-state.js';

const api: ServiceConfig = serviceSchema.parse({
  id: 'api',
  name: 'API',
  checks: ['api-eu', 'api-us'],
  alert_services: ['api-gateway'],
});

const up = (check: string, lastMs = 100, slowMs?: number): CheckStatus => ({
  check,
  state: 'up',
  lastMs,
  ...(slowMs !== undefined && { slowMs }),
});
const down = (check: string): CheckStatus => ({ check, state: 'down' });
const unknown = (check: string): CheckStatus => ({ check, state: 'unknown' });

function incident(severity: IncidentSeverity, services = ['api'], status: Incident['status'] = 'investigating') {
  return {
    id: 'inc-2026-001',
    title: 't',
    description: '',
    severity,
    priority: 'P2',
    priorityAuto: true,
    status,
    services,
    reporter: 'me',
    detection: '',
    createdAt: new Date(0),
    resolvedAt: null,
    version: 1,
  } satisfies Incident;
}

/** The `when` of the row that decided. */
const why = (...args: Parameters<typeof serviceStateRule>) => serviceStateRule(...args).when;

describe('serviceState: one row of SERVICE_STATE_RULES each', () => {
  it('Outage: every check with data is down (unknown checks count neither way)', () => {
    expect(serviceState(api, [down('api-eu'), down('api-us')], [])).toBe('outage');
    expect(serviceState(api, [down('api-eu'), unknown('api-us')], [])).toBe('outage');
    expect(why(api, [down('api-eu'), down('api-us')], [])).toBe(SERVICE_STATE_RULES[0]!.when);
  });

  it('Outage: no check data and an open critical incident', () => {
    const bare = serviceSchema.parse({ id: 'docs', name: 'Docs' });
    expect(serviceState(bare, [], [incident('critical', ['docs'])])).toBe('outage');
    expect(serviceState(api, [unknown('api-eu'), unknown('api-us')], [incident('critical')])).toBe('outage');
    expect(why(bare, [], [incident('critical', ['docs'])])).toBe(SERVICE_STATE_RULES[1]!.when);
  });

  it('Degraded: some but not all checks down (a critical incident does not make it Outage)', () => {
    expect(serviceState(api, [down('api-eu'), up('api-us')], [])).toBe('degraded');
    expect(serviceState(api, [down('api-eu'), up('api-us')], [incident('critical')])).toBe('degraded');
    expect(why(api, [down('api-eu'), up('api-us')], [])).toBe(SERVICE_STATE_RULES[2]!.when);
  });

  it("Degraded: an up check slower than degraded_ms, else the check's slowMs", () => {
    expect(serviceState(api, [up('api-eu', 900, 800), up('api-us')], [])).toBe('degraded');
    expect(serviceState(api, [up('api-eu', 800, 800), up('api-us')], [])).toBe('operational');
    const strict = { ...api, degraded_ms: 500 };
    expect(serviceState(strict, [up('api-eu', 600, 800), up('api-us')], [])).toBe('degraded');
    const lax = { ...api, degraded_ms: 2000 };
    expect(serviceState(lax, [up('api-eu', 900, 800), up('api-us')], [])).toBe('operational');
    // No threshold anywhere: never slow.
    expect(serviceState(api, [up('api-eu', 60_000), up('api-us')], [])).toBe('operational');
    expect(why(api, [up('api-eu', 900, 800)], [])).toBe(SERVICE_STATE_RULES[3]!.when);
  });

  it('Degraded: an open incident affecting it, non-critical, or critical while its checks are up', () => {
    expect(serviceState(api, [up('api-eu'), up('api-us')], [incident('low')])).toBe('degraded');
    expect(serviceState(api, [up('api-eu'), up('api-us')], [incident('critical')])).toBe('degraded');
    const bare = serviceSchema.parse({ id: 'docs', name: 'Docs' });
    expect(serviceState(bare, [], [incident('high', ['docs'])])).toBe('degraded');
    expect(why(bare, [], [incident('high', ['docs'])])).toBe(SERVICE_STATE_RULES[4]!.when);
  });

  it('Operational otherwise: all up, no data, resolved or unrelated incidents, other services’ checks', () => {
    expect(serviceState(api, [up('api-eu'), up('api-us')], [])).toBe('operational');
    expect(serviceState(api, [], [])).toBe('operational');
    expect(serviceState(api, [], [incident('critical', ['api'], 'resolved')])).toBe('operational');
    expect(serviceState(api, [], [incident('critical', ['billing'])])).toBe('operational');
    expect(serviceState(api, [down('billing'), up('api-eu')], [])).toBe('operational');
    expect(why(api, [], [])).toBe(SERVICE_STATE_RULES[5]!.when);
  });

  it('counts an incident naming one of the alert_services as affecting the service', () => {
    expect(incidentAffects({ services: ['api-gateway'] }, api)).toBe(true);
    expect(incidentAffects({ services: ['api'] }, api)).toBe(true);
    expect(incidentAffects({ services: ['web'] }, api)).toBe(false);
    expect(serviceState(api, [], [incident('critical', ['api-gateway'])])).toBe('outage');
  });
});

describe('overallState: one row of OVERALL_STATE_RULES each', () => {
  it('gives the banner', () => {
    expect(overallState(['outage', 'outage'])).toBe('major_outage');
    expect(overallState(['outage', 'operational'])).toBe('partial_outage');
    expect(overallState(['outage', 'degraded'])).toBe('partial_outage');
    expect(overallState(['degraded', 'operational'])).toBe('degraded');
    expect(overallState(['operational', 'operational'])).toBe('operational');
    expect(overallState([])).toBe('operational');
    expect(OVERALL_STATE_RULES.map((r) => r.state)).toEqual([
      'major_outage',
      'partial_outage',
      'degraded',
      'operational',
    ]);
  });
});
