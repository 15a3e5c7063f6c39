import type { AlertRowJson, HostJson, HostPointJson } from '../../core/console.js';
import type { SnapshotRow, Store, StoredAlert } from '../../store/types.js';
import { ConsoleHub } from '../../watch/console/hub.js';
import type { ConsoleLiveDeps } from '../../watch/console/live-routes.js';
import type { AppContext } from '../context.js';
import { CACHE_AGES, statusApi } from '../watch/api-status.js';

const DAY_MS = 86_400_000;
/** Hosts that sent no snapshot for this long are no longer listed. */
const HOST_WINDOW_MS = 30 * DAY_MS;

/**
 * What the console's pages and the API share in one daemon: the hub of live events (the incident
 * API publishes to it, the socket reads from it) and one status model (it caches 2 s, as the
 * status page's) for the overview and the live poll. Made once by src/app/watch/watch.ts.
 */
export interface ConsoleShared {
  hub: ConsoleHub;
  status: ReturnType<typeof statusApi>;
}

export function consoleShared(
  app: () => AppContext,
  store: Store,
  now: () => Date,
  /** How long the status model and daily counts are reused; tests that write behind the API pass NO_CACHE. */
  ages = CACHE_AGES,
): ConsoleShared {
  return { hub: new ConsoleHub(), status: statusApi(app, store, now, ages) };
}

/** Each service's state and 30-day uptime, as the status page computes them. */
export async function servicesNow(status: ReturnType<typeof statusApi>) {
  const model = await status.model();
  return Promise.all(
    model.services.map(async ({ id, name, state }) => ({
      id,
      name,
      state: String(state),
      uptime30d: (await status.uptime(id, 1))?.uptime ?? null,
    })),
  );
}

/** The live socket's deps over the daemon's store: its hub and what the poller compares. */
export function consoleLive(
  store: Store,
  now: () => Date,
  { hub, status }: ConsoleShared,
  options: { pollMs?: number; heartbeatMs?: number } = {},
): ConsoleLiveDeps {
  return {
    hub,
    services: async () => (await servicesNow(status)).map(({ id, state, uptime30d }) => ({ id, state, uptime30d })),
    hosts: () => latestHosts(store, now()),
    alerts: (limit) => alertRows(store, now(), limit),
    ...options,
  };
}

/** Each host's latest snapshot (hosts silent for 30 days are left out), by host name. */
export async function latestHosts(store: Store, now: Date): Promise<HostJson[]> {
  const rows = await store.listSnapshots({ since: new Date(now.getTime() - HOST_WINDOW_MS), limit: 5_000 });
  const latest = new Map<string, HostJson>();
  for (const row of rows) if (!latest.has(row.host)) latest.set(row.host, { host: row.host, ...point(row) });
  return [...latest.values()].sort((a, b) => a.host.localeCompare(b.host));
}

export function point(row: SnapshotRow): HostPointJson {
  return {
    at: row.takenAt.toISOString(),
    cpuPct: row.cpuPct,
    memUsedPct: row.memUsedPct,
    diskMaxPct: row.diskMaxPct,
    load1: row.load1,
    containers: row.containers,
  };
}

/** Windows back from now in which the newest alerts are looked for: the smallest holding enough wins. */
const ALERT_WINDOWS_MS = [3_600_000, DAY_MS, 7 * DAY_MS, 30 * DAY_MS, 365 * DAY_MS];
const ALERT_READ = 2_000;

/**
 * The newest stored alerts, newest first. The store reads alerts oldest first within a window, so
 * the window grows until it holds `limit` of them; with `feedback`, each carries the person's verdict.
 */
export async function alertRows(
  store: Store,
  now: Date,
  limit: number,
  options: { feedback?: boolean } = {},
): Promise<AlertRowJson[]> {
  const to = new Date(now.getTime() + 1);
  let found: StoredAlert[] = [];
  for (const window of ALERT_WINDOWS_MS) {
    found = await store.digest.alertsBetween(new Date(now.getTime() - window), to, ALERT_READ);
    if (found.length >= limit) break;
  }
  const newest = found.slice(-limit).reverse();
  if (!options.feedback || newest.length === 0) return newest.map(alertRow);
  const ids = new Set(newest.map((a) => a.alert.id));
  const verdicts = new Map(
    (await store.listFeedback())
      .filter((f) => ids.has(f.alert.alert.id))
      .map((f) => [f.alert.alert.id, { verdict: f.verdict, severity: f.severity }] as const),
  );
  return newest.map((a) => ({ ...alertRow(a), feedback: verdicts.get(a.alert.id) ?? null }));
}

export function alertRow(stored: StoredAlert): AlertRowJson {
  return {
    id: stored.alert.id,
    receivedAt: stored.alert.receivedAt,
    source: stored.alert.source,
    service: stored.alert.service || null,
    title: stored.alert.title,
    severity: stored.severity,
    confidence: stored.confidence,
    classifier: stored.classifier,
    reason: stored.reason,
    groupId: stored.groupId,
    feedback: null,
  };
}
