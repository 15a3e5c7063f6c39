import { randomUUID } from 'node:crypto';
import type { NormalizedAlert } from '../../core/alert.js';
import type { HostAlertRule } from '../../core/host-alerts-config.js';
import { ThresholdEvaluator, thresholdAlert, type HostReading } from '../../snap/thresholds.js';
import type { Store } from '../../store/types.js';

/** `snap.alerts` checked against each snapshot, raising alerts into the watch pipeline's inbox. */
export interface HostAlerts {
  /** Replaces the rules (a reload); rules that stay keep their pending and firing state. */
  setRules(rules: readonly HostAlertRule[]): void;
  /**
   * Feeds one snapshot's summary; what fired or resolved is stored in the inbox (the same
   * `enqueue` the webhook route's commit and the health checks use) and returned.
   * A failed store keeps the alerts for the next call, then throws.
   */
  observe(reading: HostReading, store: Pick<Store, 'watch'>): Promise<NormalizedAlert[]>;
}

/**
 * The evaluator's state lives in memory: after a restart a rule's `for` starts again, and an alert
 * that was firing is not resolved by the new process (the group closes after watch.resolve_timeout).
 */
export function createHostAlerts(
  rules: readonly HostAlertRule[],
  options: { now?: () => Date; newId?: () => string } = {},
): HostAlerts {
  const evaluator = new ThresholdEvaluator(rules);
  const now = options.now ?? (() => new Date());
  const newId = options.newId ?? randomUUID;
  // Alerts whose change the evaluator has already made but the inbox did not take: sent first next
  // time, or a disk that filled while the database was away would never be reported.
  const unsent: NormalizedAlert[] = [];
  return {
    setRules: (next) => evaluator.setRules(next),
    async observe(reading, store) {
      const receivedAt = now();
      for (const change of evaluator.observe(reading)) unsent.push(thresholdAlert(change, newId(), receivedAt));
      if (unsent.length === 0) return [];
      const batch = [...unsent];
      await store.watch.enqueue(batch);
      unsent.splice(0, batch.length);
      return batch;
    },
  };
}
