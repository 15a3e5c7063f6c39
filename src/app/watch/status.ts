import type { Ladder, Spend } from '../../core/wake.js';
import type { AlertGroup, CheckResultRow, DeadLetter } from '../../core/watch.js';
import { withStore, type AppContext } from '../context.js';
import { spendThisMonth } from '../wake/spend.js';

/** The daemon as its /healthz answered (its fields), or `running: false` when it did not answer. */
export type DaemonProbe = { running: boolean } & Record<string, unknown>;

/** What `soloops watch status` shows (its `--json` output, field for field). */
export interface WatchStatus {
  daemon: DaemonProbe;
  /** Open groups, at most 50, each with its wake ladder (null when it never rang). */
  groups: Array<AlertGroup & { wake: Ladder | null }>;
  checks: CheckResultRow[];
  inbox: { waiting: number; oldest: Date | null };
  /** Alerts that failed the pipeline and were never triaged: the latest 10 and how many in all. */
  deadLetters: { total: number; items: DeadLetter[] };
  spend: Spend & { since: Date };
}

/**
 * Open groups, the last result of every check, the inbox and this month's spend from the store,
 * and whether the daemon answers on its port (it may run as another process, e.g. under systemd).
 */
export async function watchStatus(app: AppContext): Promise<WatchStatus> {
  const { host, port } = app.config.watch;
  const daemon: DaemonProbe = await fetch(`http://${host.includes(':') ? `[${host}]` : host}:${port}/healthz`, {
    signal: AbortSignal.timeout(2_000),
  })
    .then(async (r) => ({ running: r.ok, ...((await r.json()) as object) }))
    .catch(() => ({ running: false }));
  return withStore(app, { readOnly: true }, async (store) => {
    const [groups, checks, spend, inbox, deadLetters] = await Promise.all([
      store.watch.openGroups(50),
      store.watch.latestCheckResults(),
      spendThisMonth(store, app.config),
      store.watch.inboxState(),
      store.watch.deadLetters({ limit: 10 }),
    ]);
    const ladders = await Promise.all(groups.map((g) => store.wake.ladderForGroup(g.id)));
    return {
      daemon,
      groups: groups.map((g, i) => ({ ...g, wake: ladders[i] ?? null })),
      checks,
      inbox,
      deadLetters,
      spend,
    };
  });
}
