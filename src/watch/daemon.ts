import type { Logger } from 'pino';
import type { NormalizedAlert, TriageResult } from '../core/alert.js';
import type { AlertGroup, RouteDecision } from '../core/watch.js';
import type { ProbeResult } from './checks/types.js';
import type { CheckConfig } from './checks/types.js';
import { createCheckRunner, type CheckRunnerDeps } from './checks/runner.js';
import { scheduleChecks } from './checks/schedule.js';
import { pipelineHealth } from './health.js';
import { buildServer, type ServerDeps } from './http/server.js';
import type { WatchMetrics } from './http/metrics.js';
import { singleFlight } from '../core/single-flight.js';
import { listenOrExplain } from './http/listen.js';
import { groupCommit } from './pipeline/group-commit.js';
import { ingest, ingestEach } from './pipeline/ingest.js';
import { processPending } from './pipeline/process.js';
import { store } from './pipeline/store.js';
import type { IncomingPayload, PipelineDeps } from './pipeline/types.js';
import { readStdin, type StdinItem } from './stdin.js';
import type { CheckStateOf } from '../incident/auto/engine.js';
import { checkIncidents, type DaemonIncidents } from './pipeline/check-incidents.js';
import type { Leadership } from '../core/leader.js';

/** How long after an accepted alert the pipeline runs: batches a burst, far inside the 2 s wake budget. */
const PIPELINE_DELAY_MS = 50;

/** What a live view (the ink UI on a TTY) is told as the daemon works. */
export type WatchEvent =
  | { kind: 'listening'; host: string; port: number }
  | { kind: 'alert'; result: TriageResult }
  | { kind: 'routed'; group: AlertGroup; decision: RouteDecision }
  | { kind: 'check'; check: string; result: ProbeResult; state: 'up' | 'down' | 'unknown' }
  | { kind: 'groups'; open: number };

/**
 * A handle on the daemon's scheduler, for a test whose clock (`PipelineDeps.now`, the ladder's
 * now) it moves itself: an absence ("no call before minute 3") is then asserted after a pass at
 * that time instead of after a wait.
 */
export interface DaemonControl {
  /** Runs one pass of what the ticker runs (pipeline, due wake steps) and resolves when it has finished. */
  tick(): Promise<void>;
}

/** Everything the daemon runs with, built by src/app/watch/watch.ts; the daemon itself touches no `process`. */
export interface WatchDeps {
  /** null: no HTTP listener (e.g. `--once`). */
  listen: { host: string; port: number } | null;
  server: Omit<ServerDeps, 'prepare' | 'commit' | 'health' | 'metrics' | 'log' | 'wake'>;
  pipeline: PipelineDeps;
  checks: CheckConfig[];
  /** How checks probe and record; the daemon adds the "run the pipeline now" hook. */
  checking: Omit<CheckRunnerDeps, 'onAlert'>;
  /** Payloads read from piped stdin; null when stdin is a TTY or absent. Its end never stops the daemon. */
  stdin: AsyncIterable<StdinItem> | null;
  metrics: WatchMetrics;
  log: Logger;
  /** How often due groups are looked for, besides after each accepted alert (default 1 s). */
  tickMs?: number;
  /** Counts for /healthz and the metrics gauge. */
  openGroupCount(): Promise<number>;
  /** The inbox and the dead letters, for /healthz and /metrics: is the pipeline draining? */
  pipelineState(): Promise<{ waiting: number; oldest: Date | null; deadLetters: number }>;
  /** Called once listening, with the bound address (port 0 → the real port). */
  onListening?(address: { host: string; port: number }): void;
  /** Live events for a UI; optional. */
  onEvent?(event: WatchEvent): void;
  /** Called once everything is scheduled, with the handle a test uses to run a pass at its own clock's now. */
  onStarted?(control: DaemonControl): void;
  /** Smart Wake: its ladder runs due steps on every tick; its endpoints join the server. Absent: waking only logs. */
  wake?: { tick(): Promise<void>; idle(): Promise<void>; http?: ServerDeps['wake'] };
  /** Automatic incidents (incident.auto): told of check transitions, asked on every tick. Absent: none. */
  incidents?: DaemonIncidents;
  /**
   * Several daemons on one PostgreSQL: only the leader drains the inbox, runs ladders, checks,
   * incidents and periodic work; every daemon takes alerts in and serves reads. Absent: this one leads.
   */
  leadership?: Leadership;
  /** Runs each time this daemon becomes leader, before it does any leader's work (e.g. settle half-sent steps). */
  onLeading?(): Promise<void>;
  /** Work on its own clock, e.g. the morning digest (src/app/watch/digest.ts); each run's failure is logged. */
  periodic?: Array<{ name: string; everyMs: number; run(): Promise<void> }>;
  /** Fires on SIGHUP (wired by the command); the daemon re-reads what `reload` returns. */
  reloads?: EventTarget;
  reload?(): Promise<Pick<WatchDeps, 'checks'> & { settings: PipelineDeps['settings'] }>;
}

/**
 * The night-shift daemon: webhooks, stdin and health checks in; ingest stores before anything is
 * acknowledged; a single-flight loop drains the store through triage → group → route. Resolves
 * when `signal` aborts and everything in flight has finished: the server stops accepting and
 * completes open requests, checks stop, and the inbox is drained once more.
 */
export async function runWatch(signal: AbortSignal, deps: WatchDeps): Promise<void> {
  const { log, metrics } = deps;
  const pipeline: PipelineDeps = {
    ...deps.pipeline,
    store: { ...deps.pipeline.store, enqueue: groupCommit((alerts) => deps.pipeline.store.enqueue(alerts)) },
    observe: (event) => {
      deps.pipeline.observe?.(event);
      if (event.kind === 'triaged') {
        metrics.triageSeconds.observe(event.ms / 1000);
        deps.onEvent?.({ kind: 'alert', result: event.result });
      } else if (event.kind === 'routed') {
        deps.onEvent?.({ kind: 'routed', group: event.group, decision: event.decision });
        log.info(
          { group: event.group.id, target: event.decision.target, severity: event.group.severity },
          event.decision.reason,
        );
      } else if (event.kind === 'quarantined') {
        log.error(
          { alert: event.id, reason: event.error },
          'alert quarantined: it failed the pipeline on its own; see `soloops watch status`',
        );
      } else log.error({ err: event.error, group: event.group.id }, 'waking failed');
    },
  };
  const started = Date.now();
  const leadership = deps.leadership;
  const leads = () => leadership?.leading() ?? true;

  let running: Promise<void> | null = null;
  const pass = singleFlight(async () => {
    if (signal.aborted || !leads()) return;
    try {
      const { alerts, routed } = await processPending(pipeline, signal);
      if (alerts || routed) {
        log.debug({ alerts, routed }, 'pipeline pass');
        const open = await deps.openGroupCount();
        metrics.groupsOpen.set(open);
        deps.onEvent?.({ kind: 'groups', open });
      }
    } catch (error) {
      // The alerts stay in the inbox; the next tick retries them.
      log.error({ err: error }, 'pipeline pass failed; will retry');
    }
  });
  const kick = (): Promise<void> => (running = pass());

  // After an accepted request the pipeline runs a moment later, so a burst is triaged and
  // grouped in a few big transactions instead of one pass per request.
  let soon: NodeJS.Timeout | null = null;
  const kickSoon = (): void => {
    soon ??= setTimeout(() => {
      soon = null;
      // A follower stored the alerts in the shared inbox; the leader drains it.
      if (leads()) void kick();
      else void leadership?.nudge();
    }, PIPELINE_DELAY_MS);
  };

  // A webhook body's lines are taken one by one; a stdin line alone (ingest throws for a bad one).
  const prepare = (payloads: IncomingPayload[]) => ingestEach(payloads, pipeline);
  const commit = async (alerts: NormalizedAlert[]): Promise<string[]> => {
    await store(alerts, pipeline);
    kickSoon();
    return alerts.map((a) => a.id);
  };
  const accept = async (payloads: IncomingPayload[]) => commit(await ingest(payloads, pipeline));

  const health = async () => {
    const [openGroups, state] = await Promise.all([deps.openGroupCount(), deps.pipelineState()]);
    const report = pipelineHealth(state, pipeline.now());
    metrics.inboxWaiting.set(state.waiting);
    metrics.inboxOldestSeconds.set(report.pipeline.oldestWaitingSeconds);
    metrics.deadLetters.set(state.deadLetters);
    const leader = await leadership?.view();
    if (leader) {
      metrics.leader.reset();
      metrics.leader.set({ node: leader.node }, leader.leading ? 1 : 0);
      metrics.leaderToken.set(leader.token);
    }
    return { ...report, uptimeSeconds: Math.round((Date.now() - started) / 1000), openGroups, leader };
  };
  const server = deps.listen
    ? buildServer({ ...deps.server, wake: deps.wake?.http, prepare, commit, metrics, log, health })
    : null;
  if (server && deps.listen) {
    await listenOrExplain(server, deps.listen);
    const address = server.server.address();
    const port = typeof address === 'object' && address ? address.port : deps.listen.port;
    log.info({ host: deps.listen.host, port }, 'listening for webhooks');
    deps.onListening?.({ host: deps.listen.host, port });
    deps.onEvent?.({ kind: 'listening', host: deps.listen.host, port });
  }

  // stdin may block forever on a read, so shutdown waits only for lines already being stored.
  const stdinInFlight = new Set<Promise<unknown>>();
  const acceptTracked = (payloads: IncomingPayload[]) => {
    const work = accept(payloads);
    stdinInFlight.add(work);
    void work.finally(() => stdinInFlight.delete(work)).catch(() => undefined);
    return work;
  };
  if (deps.stdin) void readStdin(deps.stdin, acceptTracked, log, signal);

  let configured = new Map(deps.checks.map((c) => [c.name, c]));
  const checkState: CheckStateOf = (name) => ({ state: checkRunner.state(name), configured: configured.has(name) });
  const toIncidents =
    deps.incidents &&
    checkIncidents(
      deps.incidents,
      (name) => configured.get(name),
      checkState,
      (alert) => pipeline.muted(alert, pipeline.now()),
    );
  const onCheckAlert = (alert: NormalizedAlert) => {
    kickSoon();
    toIncidents?.(alert);
  };
  const checkRunner = createCheckRunner({ ...deps.checking, onAlert: onCheckAlert });
  let checksAbort = new AbortController();
  const runChecks = (checks: CheckConfig[]) => {
    configured = new Map(checks.map((c) => [c.name, c]));
    const controller = new AbortController();
    const done = scheduleChecks(
      checks,
      async (check) => {
        const result = await checkRunner.run(check, controller.signal);
        if (!result.ok)
          log.warn({ check: check.name, error: result.error, errorType: result.errorType }, 'check failed');
        deps.onEvent?.({ kind: 'check', check: check.name, result, state: checkRunner.state(check.name) });
        return result; // the scheduler retries a failing check sooner
      },
      {
        signal: controller.signal,
        onError: (check, error) => log.error({ err: error, check: check.name }, 'check run failed'),
      },
    );
    return { controller, done };
  };
  // Counted on the ticker, not after every probe: with 1,000 checks a per-probe count was most of the daemon's garbage.
  const updateCheckGauge = () => {
    for (const [state, count] of Object.entries(checkRunner.counts())) metrics.checks.set({ state }, count);
  };
  let configuredChecks = deps.checks;
  const idle = { controller: new AbortController(), done: Promise.resolve() };
  let checks = leads() ? runChecks(configuredChecks) : idle;
  checksAbort = checks.controller;

  const onReload = async () => {
    if (!deps.reload) return;
    try {
      const next = await deps.reload();
      Object.assign(pipeline.settings, next.settings);
      checksAbort.abort();
      await checks.done;
      checkRunner.retain(new Set(next.checks.map((c) => c.name)));
      configuredChecks = next.checks;
      checks = leads() ? runChecks(next.checks) : idle;
      checksAbort = checks.controller;
      log.info({ checks: next.checks.length }, 'configuration reloaded');
    } catch (error) {
      log.error({ err: error }, 'reload failed; keeping the running configuration');
    }
  };
  deps.reloads?.addEventListener('reload', onReload);

  // The wake ladder's clock: due calls and texts go out from here, by the schedule in the store.
  const beat = async () => {
    updateCheckGauge();
    if (!leads()) return;
    await Promise.all([kick(), deps.wake?.tick(), deps.incidents?.review(checkState)]);
  };
  // Taking over: settle what the last leader left half-sent, start the checks (each resumes its
  // state from the store), drain the inbox and run due ladder steps. Stepping down: stop them.
  let leadingNow = leads();
  const changeLeading = singleFlight(async () => {
    const nowLeading = leads();
    if (signal.aborted || nowLeading === leadingNow) return;
    leadingNow = nowLeading;
    checksAbort.abort();
    await checks.done;
    checkRunner.retain(new Set()); // a later leadership reloads each check's state from the store
    if (nowLeading) {
      log.info({ node: leadership?.node, token: leadership?.token() }, 'became the leader');
      await deps.onLeading?.().catch((error: unknown) => log.error({ err: error }, 'taking over failed'));
      checks = runChecks(configuredChecks);
      checksAbort = checks.controller;
      void beat();
    } else {
      log.warn({ node: leadership?.node }, 'no longer the leader: taking alerts in, leaving the rest to the leader');
      checks = idle;
    }
  });
  let changing = Promise.resolve();
  leadership?.onChange(() => void (changing = changeLeading()));
  leadership?.onNudge(kickSoon);
  leadership?.onEvicted((holder) =>
    log.warn({ node: leadership.node, frozen: holder }, 'ended the session of a leader that stopped renewing (frozen)'),
  );
  const ticker = setInterval(() => void beat(), deps.tickMs ?? 1_000);
  const periodic = (deps.periodic ?? []).map((task) => {
    const flight = singleFlight(() =>
      (leads() ? task.run() : Promise.resolve()).catch((error: unknown) =>
        log.error({ err: error, task: task.name }, `${task.name} failed; will try again`),
      ),
    );
    const state = { last: Promise.resolve(), timer: setInterval(() => void (state.last = flight()), task.everyMs) };
    state.last = flight();
    return state;
  });
  if (leads()) {
    log.info({ node: leadership?.node, token: leadership?.token() }, 'leading');
    void kick(); // alerts accepted before a crash are still in the inbox
    void deps.wake?.tick(); // and ladders resume where they were
  }
  deps.onStarted?.({ tick: beat });
  await new Promise<void>((resolve) =>
    signal.aborted ? resolve() : signal.addEventListener('abort', () => resolve(), { once: true }),
  );

  log.info('stopping: finishing requests in flight');
  clearInterval(ticker);
  for (const task of periodic) clearInterval(task.timer);
  if (soon) clearTimeout(soon);
  deps.reloads?.removeEventListener('reload', onReload);
  await changing; // a change of leader under way has started or stopped the checks by now
  checksAbort.abort();
  await server?.close();
  await Promise.all([checks.done, ...[...stdinInFlight].map((p) => p.catch(() => undefined))]);
  await running;
  await deps.wake?.idle();
  await Promise.all([...periodic.map((task) => task.last), deps.incidents?.idle()]);
  // Whatever arrived during shutdown is triaged and grouped now rather than at the next start.
  if (leads())
    await processPending(pipeline).catch((error: unknown) =>
      log.error({ err: error }, 'final pipeline pass failed; alerts stay in the inbox'),
    );
  log.info('stopped');
}
