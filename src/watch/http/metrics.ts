import { Counter, Gauge, Histogram, Registry } from 'prom-client';

/** The daemon's Prometheus metrics, in a registry of its own (never the global one). */
export function createWatchMetrics() {
  const registry = new Registry();
  const received = new Counter({
    name: 'soloops_alerts_received_total',
    help: 'Alerts accepted, by source',
    labelNames: ['source'],
    registers: [registry],
  });
  const rejected = new Counter({
    name: 'soloops_requests_rejected_total',
    help: 'Requests refused, by source and reason',
    labelNames: ['source', 'reason'],
    registers: [registry],
  });
  const triageSeconds = new Histogram({
    name: 'soloops_triage_duration_seconds',
    help: 'Time to classify one alert',
    registers: [registry],
    buckets: [0.0001, 0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5],
  });
  const groupsOpen = new Gauge({
    name: 'soloops_groups_open',
    help: 'Alert groups open or acknowledged',
    registers: [registry],
  });
  const checks = new Gauge({
    name: 'soloops_checks',
    help: 'Health checks by state',
    labelNames: ['state'],
    registers: [registry],
  });
  // Read from the store when /metrics or /healthz is asked, not on every pipeline pass.
  const inboxWaiting = new Gauge({
    name: 'soloops_inbox_waiting',
    help: 'Accepted alerts not yet through the pipeline',
    registers: [registry],
  });
  const inboxOldestSeconds = new Gauge({
    name: 'soloops_inbox_oldest_seconds',
    help: 'Age of the oldest alert waiting in the inbox (a growing value: the pipeline is not draining)',
    registers: [registry],
  });
  const deadLetters = new Gauge({
    name: 'soloops_dead_letters',
    help: 'Alerts quarantined because they failed the pipeline on their own',
    registers: [registry],
  });
  const leader = new Gauge({
    name: 'soloops_leader',
    help: 'Whether this daemon leads the daemons on its database (1) or follows (0)',
    labelNames: ['node'] as const,
    registers: [registry],
  });
  const leaderToken = new Gauge({
    name: 'soloops_leader_token',
    help: 'The current fencing token: counts up each time a daemon becomes leader',
    registers: [registry],
  });
  return {
    registry,
    leader,
    leaderToken,
    received,
    rejected,
    triageSeconds,
    groupsOpen,
    checks,
    inboxWaiting,
    inboxOldestSeconds,
    deadLetters,
  };
}

export type WatchMetrics = ReturnType<typeof createWatchMetrics>;
