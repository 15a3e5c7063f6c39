import type { Incident } from '../core/incident.js';
import type { ServiceConfig } from '../core/incident-config.js';

/** What customers are told about one service. */
export type ServiceState = 'operational' | 'degraded' | 'outage';

/** The overall banner of the status page. */
export type OverallState = 'operational' | 'degraded' | 'partial_outage' | 'major_outage';

/** One check as the service state sees it: its up/down state and its last response time. */
export interface CheckStatus {
  check: string;
  state: 'up' | 'down' | 'unknown';
  /** The newest successful probe's response time, ms (absent before the first success). */
  lastMs?: number;
  /** The check's own slow threshold (its slowMs), if it has one. */
  slowMs?: number;
}

/** What the state table looks at, gathered once per service. */
export interface ServiceFacts {
  /** Checks of the service that have a state (`unknown` ones count neither way). */
  withData: number;
  down: number;
  /** Up checks whose last response was slower than the service's degraded_ms (else the check's slowMs). */
  slow: number;
  /** The worst open incident affecting the service. */
  incident: 'none' | 'open' | 'critical';
}

/** One row of the state table: the first row whose test holds gives the state. */
export interface ServiceStateRule {
  state: ServiceState;
  /** The condition in words, as README reproduces it. */
  when: string;
  test(facts: ServiceFacts): boolean;
}

/** The service state machine, first match wins. README's table is this one, row for row. */
export const SERVICE_STATE_RULES: readonly ServiceStateRule[] = [
  {
    state: 'outage',
    when: 'every check with data is down',
    test: (f) => f.withData > 0 && f.down === f.withData,
  },
  {
    state: 'outage',
    when: 'no check has data (or the service has none) and an open critical incident affects it',
    test: (f) => f.withData === 0 && f.incident === 'critical',
  },
  { state: 'degraded', when: 'some but not all checks are down', test: (f) => f.down > 0 },
  {
    state: 'degraded',
    when: "an up check's last response is slower than degraded_ms (else that check's slowMs)",
    test: (f) => f.slow > 0,
  },
  { state: 'degraded', when: 'an open incident affects it (any severity)', test: (f) => f.incident !== 'none' },
  { state: 'operational', when: 'otherwise', test: () => true },
];

/** An incident affects a service when its services name the service's id or one of its alert_services. */
export function incidentAffects(
  incident: Pick<Incident, 'services'>,
  service: Pick<ServiceConfig, 'id' | 'alert_services'>,
): boolean {
  return incident.services.some((name) => name === service.id || service.alert_services.includes(name));
}

/**
 * The facts the table reads. `checks` may hold any checks' statuses: only those the service names
 * count, so a caller can pass every check once. Resolved incidents are ignored.
 */
export function serviceFacts(
  service: ServiceConfig,
  checks: readonly CheckStatus[],
  openIncidents: readonly Incident[],
): ServiceFacts {
  const own = checks.filter((c) => service.checks.includes(c.check) && c.state !== 'unknown');
  const slow = own.filter((c) => {
    const limit = service.degraded_ms ?? c.slowMs;
    return c.state === 'up' && limit !== undefined && c.lastMs !== undefined && c.lastMs > limit;
  });
  const affecting = openIncidents.filter((i) => i.status !== 'resolved' && incidentAffects(i, service));
  const incident = affecting.some((i) => i.severity === 'critical')
    ? 'critical'
    : affecting.length > 0
      ? 'open'
      : 'none';
  return { withData: own.length, down: own.filter((c) => c.state === 'down').length, slow: slow.length, incident };
}

/** The table row that decides the service's state (for a reason shown beside it). */
export function serviceStateRule(
  service: ServiceConfig,
  checks: readonly CheckStatus[],
  openIncidents: readonly Incident[],
): ServiceStateRule {
  const facts = serviceFacts(service, checks, openIncidents);
  // The last row always matches.
  return SERVICE_STATE_RULES.find((rule) => rule.test(facts)) ?? SERVICE_STATE_RULES.at(-1)!;
}

/** The state of one service from its checks and open incidents (SERVICE_STATE_RULES). */
export function serviceState(
  service: ServiceConfig,
  checks: readonly CheckStatus[],
  openIncidents: readonly Incident[],
): ServiceState {
  return serviceStateRule(service, checks, openIncidents).state;
}

/** The banner table, first match wins; README reproduces it. */
export const OVERALL_STATE_RULES: ReadonlyArray<{
  state: OverallState;
  when: string;
  test(states: readonly ServiceState[]): boolean;
}> = [
  {
    state: 'major_outage',
    when: 'every service is in Outage (at least one service)',
    test: (s) => s.length > 0 && s.every((x) => x === 'outage'),
  },
  { state: 'partial_outage', when: 'some services are in Outage', test: (s) => s.includes('outage') },
  { state: 'degraded', when: 'some service is Degraded, none in Outage', test: (s) => s.includes('degraded') },
  { state: 'operational', when: 'every service is Operational (or there are none)', test: () => true },
];

/** The banner from every service's state. */
export function overallState(states: readonly ServiceState[]): OverallState {
  return (OVERALL_STATE_RULES.find((rule) => rule.test(states)) ?? OVERALL_STATE_RULES.at(-1)!).state;
}
