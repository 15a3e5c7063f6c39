import { hash } from 'node:crypto';
import picomatch from 'picomatch';
import type { NormalizedAlert } from '../core/alert.js';
import { HOST_METRIC_FIELD, HOST_METRIC_UNIT, hostAlertName, type HostAlertRule } from '../core/host-alerts-config.js';

/** The readings of one snapshot a rule can watch (the store's SnapshotRow has them all). */
export interface HostReading {
  host: string;
  takenAt: Date;
  cpuPct: number | null;
  memUsedPct: number | null;
  diskMaxPct: number | null;
  load1: number | null;
}

/** A rule changed state on a host: it fires (above for `for`) or resolves (back at or below). */
export interface ThresholdChange {
  rule: HostAlertRule;
  host: string;
  status: 'firing' | 'resolved';
  /** The reading that made the change. */
  value: number;
  /** When the metric first went above (the start of the pending spell that fired). */
  since: Date;
  at: Date;
}

interface RuleState {
  phase: 'pending' | 'firing';
  since: Date;
}

interface CompiledRule {
  rule: HostAlertRule;
  key: string;
  matches(host: string): boolean;
}

/**
 * `snap.alerts` evaluated over a stream of snapshot readings, like Prometheus's `for`: per (rule,
 * host) a reading above the threshold starts a pending spell; still above once the spell has lasted
 * `for` (at once when `for` is 0), the rule fires, once; the first reading back at or below resolves
 * it (a pending spell just ends). A missing reading (null: no disk, no Docker) changes nothing.
 * Pure and in memory: after a restart every `for` starts again.
 */
export class ThresholdEvaluator {
  private rules: CompiledRule[] = [];
  private readonly states = new Map<string, RuleState>();

  constructor(rules: readonly HostAlertRule[]) {
    this.setRules(rules);
  }

  /** Replaces the rules (a reload); a rule that stays keeps its state, a removed one forgets it. */
  setRules(rules: readonly HostAlertRule[]): void {
    this.rules = rules.map((rule) => {
      const matches = rule.host ? picomatch(rule.host, { nocase: true, dot: true, bash: true }) : () => true;
      return { rule, key: ruleKey(rule), matches };
    });
    const keys = new Set(this.rules.map((r) => r.key));
    for (const stateKey of this.states.keys())
      if (!keys.has(stateKey.slice(0, stateKey.lastIndexOf('\u0000')))) this.states.delete(stateKey);
  }

  /** Feeds one snapshot's readings; returns what fired or resolved on it. */
  observe(reading: HostReading): ThresholdChange[] {
    const changes: ThresholdChange[] = [];
    for (const { rule, key, matches } of this.rules) {
      if (!matches(reading.host)) continue;
      const value = reading[HOST_METRIC_FIELD[rule.metric]];
      if (value === null || !Number.isFinite(value)) continue;
      // NUL cannot occur in a host name: the key splits unambiguously (setRules relies on it).
      const stateKey = `${key}\u0000${reading.host}`;
      const state = this.states.get(stateKey);
      const at = reading.takenAt;
      if (value > rule.above) {
        const current = state ?? { phase: 'pending' as const, since: at };
        if (!state) this.states.set(stateKey, current);
        if (current.phase === 'pending' && at.getTime() - current.since.getTime() >= rule.for) {
          current.phase = 'firing';
          changes.push({ rule, host: reading.host, status: 'firing', value, since: current.since, at });
        }
      } else if (state) {
        this.states.delete(stateKey);
        if (state.phase === 'firing')
          changes.push({ rule, host: reading.host, status: 'resolved', value, since: state.since, at });
      }
    }
    return changes;
  }
}

/** What tells two rules apart: the name, else everything the rule says. */
function ruleKey(rule: HostAlertRule): string {
  return rule.name ?? JSON.stringify([rule.metric, rule.above, rule.for, rule.severity, rule.host ?? null]);
}

/**
 * The alert a change raises, shaped like any source's so it goes through the same triage, grouping
 * and routing (source `check`: soloops's own monitoring, like the health checks). The rule's
 * severity is the sender's word (severityText), so triage takes it as the verdict; firing and
 * resolved share one fingerprint, so the resolved alert closes the group the firing one opened.
 */
export function thresholdAlert(change: ThresholdChange, id: string, receivedAt: Date): NormalizedAlert {
  const { rule, host, value } = change;
  const name = hostAlertName(rule);
  const unit = HOST_METRIC_UNIT[rule.metric];
  const firing = change.status === 'firing';
  const held = rule.for > 0 ? ` for ${Math.round((change.at.getTime() - change.since.getTime()) / 1000)} s` : '';
  return {
    id,
    source: 'check',
    service: host,
    title: `${rule.metric} above ${rule.above}${unit} on ${host}`,
    body: firing
      ? `${rule.metric} is ${value}${unit} on ${host}, above ${rule.above}${unit}${held} (snap.alerts ${name})`
      : `${rule.metric} is back to ${value}${unit} on ${host} (above ${rule.above}${unit} since ` +
        `${change.since.toISOString()}; snap.alerts ${name})`,
    labels: { alertname: name, host, metric: rule.metric },
    status: change.status,
    severityHint: firing ? rule.severity : 'info',
    severityText: firing ? rule.severity : null,
    severityField: firing ? 'snap.alerts severity' : null,
    // Not core's fingerprint(): it normalizes digits away, and web-1 and web-2 are different hosts.
    fingerprint: hash('sha256', ['snap.alerts', name, host].join('\u0000'), 'hex').slice(0, 16),
    receivedAt: receivedAt.toISOString(),
    raw: { rule: name, metric: rule.metric, above: rule.above, host, value, status: change.status },
  };
}
