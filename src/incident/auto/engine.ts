import { messageOf } from '../../core/errors.js';
import type { AutoIncidentStore, IncidentLink } from '../../core/incident.js';
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
 * reviewed whole on every tick; one of 100,000 (a storm of distinct alerts) a page per tick, in
 * turn, so an acknowledgement there shows in the timeline within its turn rather than at once.
 */
export const MAX_GROUPS_PER_REVIEW = 64;

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

  /** The id of the last group link the last review read: the next one goes on after it (0: from the start). */
  let afterId = 0;

  /**
   * Acknowledgements and resolutions of the given groups, and the given checks' state, into
   * links; returns how many of them became healthy.
   */
  const refreshLinks = async (
    incidentId: string,
    checks: readonly IncidentLink[],
    groups: readonly IncidentLink[],
    checkState: CheckStateOf,
    now: Date,
  ): Promise<number> => {
    let healed = 0;
    for (const link of checks) {
      const state = checkState(link.ref);
      if (link.healthyAt === null && (state.state === 'up' || !state.configured)) {
        await store.autoLink(incidentId, 'check', link.ref, { healthyAt: now });
        link.healthyAt = now;
        healed++;
      }
    }
    for (const link of groups) {
      const groupId = Number(link.ref);
      const [group, ladder] = await Promise.all([deps.groups.getGroup(groupId), deps.groups.ladderForGroup(groupId)]);
      if (link.ackedAt === null && (ladder?.state === 'acked' || group?.state === 'acked')) {
        const via = acknowledgedVia(ladder?.ackedVia ?? null);
        const note = `Acknowledged${via ? ` ${via}` : ''}: alert group #${groupId} (${link.title}).`;
        await store.autoLink(incidentId, 'group', link.ref, { ackedAt: now });
        link.ackedAt = now;
        await store.autoAdvance(incidentId, { status: 'identified', note }, now, WATCH_REPORTER);
      }
      if (link.healthyAt === null && (group === null || group.state === 'resolved')) {
        await store.autoLink(incidentId, 'group', link.ref, { healthyAt: now });
        link.healthyAt = now;
        healed++;
      }
    }
    return healed;
  };

  /**
   * The open incident as a review sees it: its checks, the next page of its groups still to watch
   * (nothing left to learn, healthy and acknowledged, costs nothing), and its failing links.
   */
  const toWatch = async (now: Date) => {
    const page = await store.autoPage(now, { afterId, limit: MAX_GROUPS_PER_REVIEW });
    if (!page) return null;
    // A short page is the end of the list: the next review starts from the beginning again.
    afterId = page.groups.length < MAX_GROUPS_PER_REVIEW ? 0 : page.groups.at(-1)!.id;
    return { ...page, incidentId: page.incident.id };
  };

  const sourceName = (link: IncidentLink) => (link.kind === 'check' ? `check ${link.ref}` : `alert group #${link.ref}`);

  /** One look at the open automatic incident: acknowledged, recovered, healthy long enough? */
  let reviewing: Promise<unknown> | null = null;
  const review = (checkState: CheckStateOf): Promise<unknown> => {
    // One waiting review at most: a slow store must not pile up a review per tick.
    reviewing ??= lookAt(checkState).finally(() => (reviewing = null));
    return reviewing;
  };
  const lookAt = (checkState: CheckStateOf) =>
    serial('review', async () => {
      const now = deps.now();
      const watched = await toWatch(now);
      if (!watched) return;
      const { incidentId, healthySince } = watched;
      const healed = await refreshLinks(incidentId, watched.checks, watched.groups, checkState, now);
      const { resolveAfterMs } = deps.settings();
      if (watched.failing - healed > 0) return;
      if (healthySince === null) {
        // Every source healthy: the one time a review reads all the links, for the note.
        const active = await store.autoActive(now);
        if (!active || active.links.some((l) => l.healthyAt === null)) return;
        const { links } = active;
        // A loop, not Math.max(...): spreading 100,000+ arguments overflows the stack.
        const since = new Date(links.reduce((latest, l) => Math.max(latest, l.healthyAt!.getTime()), 0));
        const note = recoveredNote(links.map(sourceName), resolveAfterMs);
        await store.autoAdvance(incidentId, { status: 'monitoring', note, healthySince: since }, now, WATCH_REPORTER);
        log.info({ incident: incidentId }, 'incident monitoring: every source is healthy again');
        return;
      }
      if (now.getTime() - healthySince.getTime() < resolveAfterMs) return;
      await store.autoAdvance(
        incidentId,
        { status: 'resolved', note: resolvedNote(resolveAfterMs) },
        now,
        WATCH_REPORTER,
      );
      log.info({ incident: incidentId }, 'incident resolved');
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
