import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from 'pino';
import { collectSnapshot, startSystemSample } from '../../snap/collect.js';
import type { Store } from '../../store/types.js';
import type { Config } from '../config-schema.js';
import { createHostAlerts } from '../snap/host-alerts.js';
import { summaryRow } from '../snap/summary.js';

/** What the daemon's host sampler needs from the composition root. */
export interface HostSamplerDeps {
  /** The running configuration, read every round: a reload applies new `snap.alerts` and interval. */
  config(): Config;
  store: Pick<Store, 'recordSnapshot' | 'watch'>;
  log: Logger;
  /** Stops the sampler (the daemon's stop). */
  signal: AbortSignal;
  now?: () => Date;
  newId?: () => string;
}

/**
 * `watch.snap.interval`: every daemon, leader or follower (each samples the host it runs on),
 * records a snapshot summary every interval, the same one `soloops snap` records, and checks
 * `snap.alerts` against it; what fires or resolves goes into the inbox the leader drains, like a
 * webhook's alerts. The cheap path of the collector: no process list, no custom metrics, no file;
 * Docker as `snap.docker_socket` says. A round that fails is logged and the next one runs: the
 * sampler never stops the daemon. Resolves once `signal` aborted and the round in flight ended;
 * at once when no interval is configured at start.
 */
export async function startHostSampler(deps: HostSamplerDeps): Promise<void> {
  const { log, signal } = deps;
  if (deps.config().watch.snap.interval === undefined) return;
  const alerts = createHostAlerts(deps.config().snap.alerts, { now: deps.now, newId: deps.newId });
  log.info({ every: deps.config().watch.snap.interval, rules: deps.config().snap.alerts.length }, 'sampling this host');
  while (!signal.aborted) {
    const config = deps.config();
    const every = config.watch.snap.interval;
    if (every === undefined) {
      log.info('host sampling stopped: watch.snap.interval was removed');
      return;
    }
    alerts.setRules(config.snap.alerts);
    try {
      const snapshot = await collectSnapshot({
        dockerSocket: config.snap.docker_socket,
        processes: false,
        sample: startSystemSample({ processes: false }),
        signal,
        now: deps.now,
      });
      const row = summaryRow(snapshot, null, null);
      await deps.store.recordSnapshot(row);
      for (const alert of await alerts.observe(row, deps.store))
        log.info({ host: row.host, status: alert.status, alertname: alert.labels.alertname }, alert.title);
    } catch (error) {
      // Stopping interrupts the collector: that is no failure.
      if (!signal.aborted) log.error({ err: error }, 'host snapshot failed; will try again next interval');
    }
    await sleep(every, undefined, { signal }).catch(() => undefined);
  }
}
