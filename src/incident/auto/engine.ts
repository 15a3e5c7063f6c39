import { messageOf } from '../../core/errors.js';
import type { AutoIncident, AutoIncidentStore, IncidentLink } from '../../core/incident.js';
import type { ServiceConfig } from '../../core/incident-config.js';
import type { Ladder } from '../../core/wake.js';
import type { AlertGroup } from '../../core/watch.js';
import {
  acknowledgedVia,
  type Described,
  type DownCheck,
  type DownProbe,
  describeCheckDown,
  describeWake,
  recoveredNote,
  resolvedNote,
  WATCH_REPORTER,
} from './describe.js';

/**
 * Group links read per review (each costs two store reads). An incident of a few groups is
 * reviewed whole on every tick; one of 100,000 (a storm of distinct alerts) a slice per tick, so
 * an acknowledgement there shows in the timeline within its turn rather than at once.
 */
export const MAX_GROUPS_PER_REVIEW = 64;

/**
 * Links an incident may hold and still be looked at on every tick. A review loads all of them,
 * so an incident of 100,000 (a storm of distinct alerts) cost ~50 MB of garbage a second and kept
 * the heap, and the RSS, 80 MB above its size in quiet times (issue 17). Beyond this many, reviews
 * are spaced by one second per this many links, and each reads that many more groups in turn.
 */
export const LINKS_PER_REVIEW_SECOND = 1_000;

/** What automatic incidents run with; built by src/app/watch/watch.ts. */
export interface AutoIncidentDeps {
  store: AutoIncidentStore;
  /** Alert groups and their wake ladders: acknowledged? resolved? */
  groups: {
    getGroup(id: number): Promise<AlertGroup | null>;
    ladderForGroup(groupId: number): Promise<Ladder | null>;
  };
  /** Read on every use, so a reload applies at once. */
  settings(): { auto: boolean; resolveAfterMs: number; services: readonly ServiceConfig[] };
  now(): Date;
  log: { info(details: object, message: string): void; error(details: object, message: string): void };
}

/** A check's up/down state as the daemon's trackers know it; `configured` false once it left the config. */
export type CheckStateOf = (name: string) => { state: 'up' | 'down' | 'unknown'; configured: boolean };

/**
 * Automatic incidents (`incident.auto`): watch opens one incident when it wakes the person for a
 * critical group or a health check goes down, and while that incident is open every further wake
 * or check down joins it (a storm is one incident). It moves forward only, as its sources do:
 * acknowledged → identified, every source healthy → monitoring, healthy for `resolve_after` →
 * resolved. All state is in the store, so a restart picks up where it was; every operation runs
 * one at a time in this process, and the store's lock row keeps two processes apart. No method
 * throws: a failure is logged and the caller (the wake) goes on.
 */
export function createAutoIncidents(deps: AutoIncidentDeps) {
  const { store, log } = deps;
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(name: string, work: () => Promise<T>): Promise<T | null> => {
    const run = queue.then(
      () => (deps.settings().auto ? work() : null),
      () => null,
    );
    queue = run.catch(() => undefined);
    return run.catch((error: unknown) => {
      log.error({ err: messageOf(error), during: name }, 'automatic incident: could not write; waking goes on');
      return null;
    });
  };

  const failing = (described: Described) =>
    serial('open', async () => {
      const outcome = await store.autoFailing(
        described.source,
        described.open,
        described.notes,
        deps.now(),
        WATCH_REPORTER,
      );
      if (outcome.opened) log.info({ incident: outcome.incident?.id }, `incident opened: ${described.open.title}`);
      else if (outcome.changed)
        log.info({ incident: outcome.incident?.id, source: described.source.ref }, 'incident joined');
      return outcome.incident?.id ?? null;
    });

  /** Where the last review stopped among the group links still to watch: the next one goes on from there. */
  let cursor = 0;

  /**
   * Acknowledgements and resolutions of the incident's groups, and its checks' state, into links.
   * A link with nothing left to learn (healthy, and acknowledged if a group) costs nothing; of the
   * group links still open, at most MAX_GROUPS_PER_REVIEW are read per review, in turn. A storm of
   * distinct alerts joins thousands of groups to one incident, and reading every one of them on
   * every 1 s tick took the daemon's whole CPU and kept hundreds of MB of garbage in flight.
   */
  const refreshLinks = async (active: AutoIncident, checkState: CheckStateOf, now: Date) => {
    const { incident } = active;
    for (const link of active.links) {
      if (link.kind !== 'check') continue;
      const state = checkState(link.ref);
      if (link.healthyAt === null && (state.state === 'up' || !state.configured)) {
        await store.autoLink(incident.id, 'check', link.ref, { healthyAt: now });
        link.healthyAt = now;
      }
    }
    const open = active.links.filter((l) => l.kind !== 'check' && (l.healthyAt === null || l.ackedAt === null));
    if (cursor >= open.length) cursor = 0;
    const spacing = Math.max(1, Math.floor(active.links.length / LINKS_PER_REVIEW_SECOND));
    const turn = open.slice(cursor, cursor + MAX_GROUPS_PER_REVIEW * spacing);
    cursor += turn.length;
    for (const link of turn) {
      const groupId = Number(link.ref);
      const [group, ladder] = await Promise.all([deps.groups.getGroup(groupId), deps.groups.ladderForGroup(groupId)]);
      if (link.ackedAt === null && (ladder?.state === 'acked' || group?.state === 'acked')) {
        const via = acknowledgedVia(ladder?.ackedVia ?? null);
        const note = `Acknowledged${via ? ` ${via}` : ''}: alert group #${groupId} (${link.title}).`;
        await store.autoLink(incident.id, 'group', link.ref, { ackedAt: now });
        link.ackedAt = now;
        await store.autoAdvance(incident.id, { status: 'identified', note }, now, WATCH_REPORTER);
      }
      if (link.healthyAt === null && (group === null || group.state === 'resolved')) {
        await store.autoLink(incident.id, 'group', link.ref, { healthyAt: now });
        link.healthyAt = now;
      }
    }
  };

  const sourceName = (link: IncidentLink) => (link.kind === 'check' ? `check ${link.ref}` : `alert group #${link.ref}`);

  /** One look at the open automatic incident: acknowledged, recovered, healthy long enough? */
  let reviewing: Promise<unknown> | null = null;
  const review = (checkState: CheckStateOf): Promise<unknown> => {
    // One waiting review at most: a slow store must not pile up a review per tick.
    reviewing ??= lookAt(checkState).finally(() => (reviewing = null));
    return reviewing;
  };
  /** A large incident's next review (ms since the epoch, on deps.now's clock); 0: every tick. */
  let notBefore = 0;
  const lookAt = (checkState: CheckStateOf) =>
    serial('review', async () => {
      const now = deps.now();
      if (now.getTime() < notBefore) return;
      const active = await store.autoActive(now);
      notBefore = 0;
      if (!active) return;
      const count = active.links.length;
      if (count > LINKS_PER_REVIEW_SECOND) notBefore = now.getTime() + (count / LINKS_PER_REVIEW_SECOND) * 1000;
      await refreshLinks(active, checkState, now);
      const { incident, links } = active;
      const { resolveAfterMs } = deps.settings();
      if (!links.every((l) => l.healthyAt !== null)) return;
      if (active.healthySince === null) {
        // A loop, not Math.max(...): spreading 100,000+ arguments overflows the stack.
        const since = new Date(links.reduce((latest, l) => Math.max(latest, l.healthyAt!.getTime()), 0));
        const note = recoveredNote(links.map(sourceName), resolveAfterMs);
        await store.autoAdvance(incident.id, { status: 'monitoring', note, healthySince: since }, now, WATCH_REPORTER);
        log.info({ incident: incident.id }, 'incident monitoring: every source is healthy again');
        return;
      }
      if (now.getTime() - active.healthySince.getTime() < resolveAfterMs) return;
      await store.autoAdvance(
        incident.id,
        { status: 'resolved', note: resolvedNote(resolveAfterMs) },
        now,
        WATCH_REPORTER,
      );
      log.info({ incident: incident.id }, 'incident resolved');
    });

  return {
    /** A check went down past its failure threshold: opens the incident, or joins the open one. */
    checkDown: (check: DownCheck, probe: DownProbe) =>
      failing(describeCheckDown(deps.settings().services, check, probe)),
    /** Watch wakes the person for a critical group: opens the incident, or joins the open one. */
    wake: (group: AlertGroup) => failing(describeWake(deps.settings().services, group)),
    /** On the daemon's tick (and after a check comes back up): moves the open incident forward. */
    review,
    /** The incident a group's wake belongs to, for the call and the text; null when none (or on failure). */
    async incidentOf(groupId: number): Promise<string | null> {
      if (!deps.settings().auto) return null;
      try {
        return await store.autoIncidentOf('group', String(groupId));
      } catch (error) {
        log.error({ err: messageOf(error) }, 'automatic incident: could not read; the message goes without it');
        return null;
      }
    },
    /** Resolves once the operations queued so far have finished (a graceful stop). */
    idle: async (): Promise<void> => {
      await queue;
    },
  };
}

export type AutoIncidents = ReturnType<typeof createAutoIncidents>;
