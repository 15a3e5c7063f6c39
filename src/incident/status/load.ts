import type { CheckConfig } from '../../core/config.js';
import type { IncidentStore, IncidentUpdate } from '../../core/incident.js';
import type { ServiceConfig, StatusSettings } from '../../core/incident-config.js';
import type { SlaStore } from '../../core/sla.js';
import type { WatchStore } from '../../core/watch.js';
import { loadCheckStatuses } from '../check-status.js';
import { buildStatusModel, statusWindow } from './build.js';
import type { StatusModel } from './model.js';

/** The parts of the store the status page reads. */
export interface StatusStore {
  sla: Pick<SlaStore, 'dailyChecks'>;
  incidents: Pick<IncidentStore, 'list' | 'updates'>;
  watch: Pick<WatchStore, 'recentCheckResults'>;
}

/** The parts of soloops.yaml the status page reads. */
export interface StatusConfig {
  services: readonly ServiceConfig[];
  status: StatusSettings;
  checks: readonly CheckConfig[];
}

/**
 * Reads what the page needs from the store and builds its model: `status build` and watch's
 * `/status` both call this, so the static and the live page say the same thing.
 */
export async function loadStatusModel(store: StatusStore, config: StatusConfig, now: Date): Promise<StatusModel> {
  const { from, to } = statusWindow(now);
  const checkNames = [...new Set(config.services.flatMap((s) => s.checks))];
  // Replayed through the daemon's own tracker, so the page says down exactly when watch does.
  const replayed = config.checks.filter((c) => checkNames.includes(c.name));
  const [checkDays, all, statuses] = await Promise.all([
    checkNames.length > 0 ? store.sla.dailyChecks(checkNames, from, to) : Promise.resolve([]),
    store.incidents.list(),
    loadCheckStatuses(replayed, store.watch),
  ]);
  // Incidents are few (a person opens them, or watch once per outage): filtering here is cheaper than a query per rule.
  const incidents = all.filter((x) => x.resolvedAt === null || x.resolvedAt.getTime() >= from.getTime());
  const recent = now.getTime() - 14 * 86_400_000;
  const timelines = incidents.filter((x) => x.resolvedAt === null || x.createdAt.getTime() >= recent);
  const updates = new Map<string, IncidentUpdate[]>(
    await Promise.all(timelines.map(async (x) => [x.id, await store.incidents.updates(x.id)] as const)),
  );
  return buildStatusModel({
    title: config.status.title,
    bars: config.status.bars,
    services: config.services,
    checks: new Map(statuses.map((c) => [c.check, c])),
    checkDays,
    incidents,
    updates,
    now,
  });
}
