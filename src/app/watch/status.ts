import { DateTime } from 'luxon';
import type { WakeOutcome } from '../../core/digest.js';
import type { Ladder, Spend } from '../../core/wake.js';
import type { AlertGroup, CheckResultRow, DeadLetter } from '../../core/watch.js';
import { readDaemonState } from '../../watch/state-file.js';
import { personTimeZone } from '../config.js';
import { withStore, type AppContext } from '../context.js';
import { spendThisMonth } from '../wake/spend.js';
import { wakeOutcomeOf } from '../wake/wording.js';

/**
 * The daemon as its /healthz answered (its fields), or `running: false` when it did not answer;
 * with where it was looked for and how that address was found.
 */
export type DaemonProbe = {
  /** /healthz answered 200: the daemon runs and its pipeline drains. */
  running: boolean;
  /** /healthz answered at all (a 503 `degraded` or `error` too: the daemon runs, something is wrong). */
  answered: boolean;
  host: string;
  port: number;
  /** `state file`: the running daemon's own record in the data folder; `--port`: the flag; `config`: watch.port. */
  foundBy: 'state file' | '--port' | 'config';
  /** From the state file: the daemon's process and start time. */
  pid?: number;
  startedAt?: string;
  /** The state file names a process that is gone (a crash or kill -9): the daemon is not running. */
  stale?: boolean;
} & Record<string, unknown>;

/** What `soloops watch status` shows (its `--json` output, field for field). */
export interface WatchStatus {
  daemon: DaemonProbe;
  /**
   * Open groups, at most 50, each with its wake ladder (null when it never rang) and how that wake
   * went, by the digest's rule: `woke`, `no-channel` (nobody was called: no channel was configured),
   * `not-reached` (every attempt failed); null when it never woke.
   */
  groups: Array<AlertGroup & { wake: Ladder | null; wakeOutcome: WakeOutcome | null }>;
  checks: CheckResultRow[];
  inbox: { waiting: number; oldest: Date | null };
  /** Alerts that failed the pipeline and were never triaged: the latest 10 and how many in all. */
  deadLetters: { total: number; items: DeadLetter[] };
  spend: Spend & { since: Date };
  /** The person's IANA zone, in which the text output shows times (the JSON keeps ISO UTC). */
  timeZone: string;
  /**
   * Who leads the daemons on this database (the store's record: holder null before any daemon ran)
   * and the current fencing token; `node`/`leading` are the asked daemon's own view (from /healthz).
   */
  leader: { holder: string | null; token: number; node?: string; leading?: boolean };
}

/** Where to look for the daemon: `--port`, else the running daemon's state file, else watch.host/watch.port. */
function daemonAddress(app: AppContext, port: number | undefined) {
  const found = readDaemonState(app.home);
  const host = found?.state.host ?? app.config.watch.host;
  if (port !== undefined) return { host, port, foundBy: '--port' as const };
  if (found) {
    const { pid, startedAt } = found.state;
    return { host, port: found.state.port, foundBy: 'state file' as const, pid, startedAt, stale: !found.alive };
  }
  return { host: app.config.watch.host, port: app.config.watch.port, foundBy: 'config' as const };
}

/** A daemon listening on every interface answers on loopback. */
function reachable(host: string): string {
  if (host === '0.0.0.0' || host === '') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return host.includes(':') ? `[${host}]` : host;
}

async function probe(address: ReturnType<typeof daemonAddress>): Promise<DaemonProbe> {
  // A state file whose process is gone: nothing to ask (another program may hold the port by now).
  if ('stale' in address && address.stale) return { running: false, answered: false, ...address };
  return fetch(`http://${reachable(address.host)}:${address.port}/healthz`, { signal: AbortSignal.timeout(2_000) })
    .then(async (r) => ({ ...((await r.json()) as object), running: r.ok, answered: true, ...address }))
    .catch(() => ({ running: false, answered: false, ...address }));
}

/**
 * Open groups, the last result of every check, the inbox and this month's spend from the store,
 * and whether the daemon answers where it said it listens (it may run as another process, e.g.
 * under systemd, on any port): `port` overrides.
 */
export async function watchStatus(app: AppContext, options: { port?: number | undefined } = {}): Promise<WatchStatus> {
  const daemon = await probe(daemonAddress(app, options.port));
  return withStore(app, { readOnly: true }, async (store) => {
    const [groups, checks, spend, inbox, deadLetters, stored] = await Promise.all([
      store.watch.openGroups(50),
      store.watch.latestCheckResults(),
      spendThisMonth(store, app.config),
      store.watch.inboxState(),
      store.watch.deadLetters({ limit: 10 }),
      store.leader(),
    ]);
    const asked = daemon.leader as { node?: string; leading?: boolean } | undefined;
    const woken = await Promise.all(
      groups.map(async (g) => {
        const wake = await store.wake.ladderForGroup(g.id);
        const wakeOutcome = wake ? wakeOutcomeOf(wake, await store.wake.attemptsOf(g.id)) : null;
        return { ...g, wake, wakeOutcome };
      }),
    );
    return {
      daemon,
      groups: woken,
      checks,
      inbox,
      deadLetters,
      spend,
      timeZone: personTimeZone(app.config),
      leader: { ...stored, ...(asked ? { node: asked.node, leading: asked.leading } : {}) },
    };
  });
}

/** "2026-12-04 21:05:12": a moment on the person's clock (the zone is named once, beside the output). */
export function inZone(at: Date, timeZone: string): string {
  return DateTime.fromJSDate(at, { zone: timeZone }).toFormat('yyyy-LL-dd HH:mm:ss');
}
