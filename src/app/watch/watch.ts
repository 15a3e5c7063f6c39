import { randomUUID } from 'node:crypto';
import os from 'node:os';
import type { Readable } from 'node:stream';
import pino, { type Logger } from 'pino';
import type { NormalizedAlert, TriageResult } from '../../core/alert.js';
import type { CheckConfig } from '../../core/config.js';
import type { Config } from '../config-schema.js';
import type { Store } from '../../store/index.js';
import { detectSource, newParseContext, parsePayload, sourceNames } from '../../sources/index.js';
import { classifyLocally, reconsider } from '../../triage/classify.js';
import { confirmSubscription, createSnsVerifier, type SnsVerifier } from '../../sources/cloudwatch/sns-verifier.js';
import { runProbe } from '../../watch/checks/probe.js';
import { runWatch, type WatchDeps } from '../../watch/daemon.js';
import { runChecksOnce } from '../../watch/once.js';
import { removeDaemonState, writeDaemonState, type DaemonState } from '../../watch/state-file.js';
import { createWatchMetrics } from '../../watch/http/metrics.js';
import { RateLimiter } from '../../watch/http/rate-limit.js';
import type { Notifier, PipelineDeps, PipelineSettings } from '../../watch/pipeline/types.js';
import { createAppContext, withStore, type AppContext } from '../context.js';
import { secondOpinion } from '../triage/triage.js';
import { readPayloads } from '../../sources/input/payload-reader.js';
import { liveLocalTriage } from '../triage/live-layers.js';
import { assertSafeBinding, resolveOwnEndpointAccess, resolveWebhookAuth } from './auth.js';
import { createWake } from '../wake/wake.js';
import { noWakeChannelNotice } from '../wake/wording.js';
import { storeRetentionTask } from '../store/retention.js';
import { consoleDeps } from '../console/index.js';
import { consoleShared } from '../console/live.js';
import { apiDeps } from './api.js';
import { digestTask } from './digest.js';
import { startHostSampler } from './host-sampler.js';
import { createMuteCheck } from '../../watch/silence/index.js';
import { createAutoIncidents } from '../../incident/auto/engine.js';

/** What `soloops watch` was asked to do. */
export interface WatchRequest {
  host?: string | undefined;
  port?: number | undefined;
  insecure: boolean;
  /** Piped stdin to read alerts from; null when stdin is a terminal. */
  input: Readable | null;
  /** Where log lines go (stderr). */
  logStream: NodeJS.WritableStream;
  logLevel: 'debug' | 'info' | 'warn' | 'silent';
  /** Live events for the ink view on a TTY. */
  onEvent?: WatchDeps['onEvent'];
  reloads?: EventTarget;
  onListening?(address: { host: string; port: number }): void;
  /** The wake ladder's clock (tests drive it); default the real one. */
  now?: () => Date;
  /** Receives the handle that runs one scheduler pass at `now` (tests that drive the clock). */
  onStarted?: WatchDeps['onStarted'];
  /** Re-reads config on reload (the command passes the same flags it started with). */
  reopen(): AppContext;
  /** The SNS signature verifier (tests give one whose certificate download they control); default the real one. */
  snsVerifier?: SnsVerifier | undefined;
}

const settingsOf = (config: Config): PipelineSettings => ({
  groupBy: config.watch.groupBy,
  groupWaitMs: config.watch.group_wait,
  groupIntervalMs: config.watch.group_interval,
  resolveTimeoutMs: config.watch.resolve_timeout,
});

async function pipelineDeps(
  app: AppContext,
  store: Store,
  notifier: Notifier,
  settings: PipelineSettings,
  config: () => Config,
  now: () => Date = () => new Date(),
): Promise<PipelineDeps> {
  // Rules, severity map, corrections and model; read again when the person teaches something.
  const layers = await liveLocalTriage(app, store, now);
  const opinion = await secondOpinion(app);
  const { below_confidence } = app.config.triage.llm;
  return {
    store: store.watch,
    parse: (incoming, receivedAt) =>
      parsePayload(incoming.payload, { source: incoming.source }, newParseContext(receivedAt)).alerts,
    classify: async (alert: NormalizedAlert): Promise<TriageResult> => {
      const local = classifyLocally(alert, await layers());
      return opinion ? reconsider(local, opinion, below_confidence) : local;
    },
    alertById: async (id) => (await store.getAlert(id))?.alert ?? null,
    muted: createMuteCheck(store.silences, () => config().watch),
    notifier,
    settings,
    now,
  };
}

function logger(request: Pick<WatchRequest, 'logLevel' | 'logStream'>): Logger {
  // Secrets never reach a log line: tokens and signatures are redacted wherever they appear.
  return pino(
    {
      level: request.logLevel,
      base: { name: 'soloops-watch' },
      redact: ['req.headers.authorization', '*.token', '*.sentry_secret'],
    },
    request.logStream,
  );
}

/** Runs the daemon until `signal` aborts. */
export async function startWatch(initial: AppContext, request: WatchRequest, signal: AbortSignal): Promise<void> {
  let app = initial;
  const host = request.host ?? app.config.watch.host;
  const port = request.port ?? app.config.watch.port;
  assertSafeBinding(host, app.config.watch, sourceNames, request.insecure);
  const baseDir = app.configDir;
  // The data folder of the start (a reload re-reads the config, never moves the folder).
  const home = app.home;
  let authFor = resolveWebhookAuth(app.config.watch, sourceNames, app.env, baseDir);
  let access = resolveOwnEndpointAccess(app.config.watch, host, app.env, baseDir);
  const log = logger(request);
  // Names this daemon among those sharing a PostgreSQL database (logs, /healthz, pg_stat_activity).
  const node = app.env.SOLOOPS_NODE || `${os.hostname()}-${process.pid}`;
  return withStore(app, { durable: true, applicationName: `soloops-watch:${node}` }, async (store) => {
    const leadership = store.leadership(node);
    store.fenceWith(leadership);
    // Automatic incidents (incident.auto) on the pipeline's clock; settings read on each use, so a reload applies.
    const incidents = createAutoIncidents({
      store: store.incidents,
      groups: { getGroup: (id) => store.watch.getGroup(id), ladderForGroup: (id) => store.wake.ladderForGroup(id) },
      settings: () => ({
        auto: app.config.incident.auto,
        resolveAfterMs: app.config.incident.resolve_after,
        services: app.config.services,
      }),
      now: request.now ?? (() => new Date()),
      log,
    });
    const wake = await createWake(app.config, store, log, { env: app.env, baseDir, now: request.now, incidents });
    // A step left half-sent by a crash (of this daemon, or of the leader it takes over from) is
    // not sent again: no double call (see WakeStore.abandonSending).
    const settleHalfSent = async () => {
      const abandoned = await store.wake.abandonSending(new Date());
      if (abandoned)
        log.warn({ attempts: abandoned }, 'attempts interrupted by the last stop were marked unknown, not re-sent');
    };
    await leadership.start();
    if (leadership.leading()) await settleHalfSent();
    else log.info({ node, leader: (await leadership.view()).holder }, 'following: another daemon leads');
    const nobody = noWakeChannelNotice(app.config.wake);
    if (nobody) log.warn({ hint: nobody.hint }, nobody.message);
    const settings = settingsOf(app.config);
    const pipeline = await pipelineDeps(app, store, wake.notifier, settings, () => app.config, request.now);
    const clock = request.now ?? (() => new Date());
    // The console's live events and status model, shared by its pages and the incident API.
    const shared = app.config.console.enabled ? consoleShared(() => app, store, clock) : undefined;
    // watch.snap.interval: every daemon, leader or not, samples the host it runs on (snap.alerts → inbox).
    const sampler = new AbortController();
    const sampling = startHostSampler({
      config: () => app.config,
      store,
      log,
      signal: AbortSignal.any([signal, sampler.signal]),
    });
    // Where this daemon listens, for `soloops watch status` (written once listening, removed on stop).
    const written: { state: DaemonState | null } = { state: null };
    const deps: WatchDeps = {
      listen: { host, port },
      server: {
        sourceNames,
        detect: (payload) => detectSource(payload)?.name ?? null,
        authFor: (source) => authFor(source),
        snsVerifier: request.snsVerifier ?? createSnsVerifier(),
        confirmSubscription: (message) => confirmSubscription(message),
        limiter: new RateLimiter(app.config.watch.rate_limit.max, app.config.watch.rate_limit.window),
        // A request larger than a whole window's budget could never pass the rate limit: 413 says so instead.
        maxAlertsPerRequest: Math.min(app.config.watch.max_alerts_per_request, app.config.watch.rate_limit.max),
        digests: { html: async (id) => (await store.digest.getDigest(id))?.html ?? null, access: () => access },
        api: apiDeps(
          () => app,
          store,
          () => access,
          request.now,
          { publish: (event) => shared?.hub.publish(event) },
        ),
        console: shared ? consoleDeps(() => app, store, clock, shared) : undefined,
      },
      pipeline,
      checks: app.config.checks as CheckConfig[],
      checking: { probe: runProbe, store: store.watch, newId: randomUUID, now: () => new Date() },
      stdin: request.input ? readPayloads(request.input) : null,
      metrics: createWatchMetrics(),
      log,
      wake: {
        tick: () => wake.ladder.tick(),
        idle: () => wake.ladder.idle(),
        http: {
          ...wake.http,
          access: () => access,
          lookup: { getGroup: (id) => store.watch.getGroup(id), getAlert: (id) => store.getAlert(id) },
        },
      },
      incidents,
      leadership,
      onLeading: settleHalfSent,
      periodic: [
        digestTask(() => app, store, log, request.now ?? (() => new Date())),
        storeRetentionTask(() => app, store, log, request.now ?? (() => new Date()), signal),
      ],
      openGroupCount: () => store.watch.openGroupCount(),
      pipelineState: async () => {
        const [inbox, dead] = await Promise.all([store.watch.inboxState(), store.watch.deadLetters({ limit: 0 })]);
        return { ...inbox, deadLetters: dead.total };
      },
      onListening: (address) => {
        written.state = { pid: process.pid, ...address, startedAt: new Date().toISOString() };
        const failed = writeDaemonState(home, written.state);
        if (failed) log.warn({ err: failed.message }, '`soloops watch status` will not find this port: no state file');
        request.onListening?.(address);
      },
      onEvent: request.onEvent,
      onStarted: request.onStarted,
      reloads: request.reloads,
      reload: async () => {
        const next = request.reopen();
        authFor = resolveWebhookAuth(next.config.watch, sourceNames, next.env, baseDir);
        access = resolveOwnEndpointAccess(next.config.watch, host, next.env, baseDir);
        app = next;
        return { checks: next.config.checks as CheckConfig[], settings: settingsOf(next.config) };
      },
    };
    try {
      await runWatch(signal, deps);
    } finally {
      sampler.abort();
      await sampling;
      await leadership.close();
      if (written.state) removeDaemonState(home, written.state);
    }
  });
}

/** `watch --once`: every check once, results routed, for cron. */
export async function runWatchOnce(app: AppContext, request: Pick<WatchRequest, 'logLevel' | 'logStream'>) {
  return withStore(app, {}, async (store) => {
    const log = logger(request);
    const wake = await createWake(app.config, store, log, { env: app.env, baseDir: app.configDir });
    const pipeline = await pipelineDeps(app, store, wake.notifier, settingsOf(app.config), () => app.config);
    const results = await runChecksOnce({
      checks: app.config.checks as CheckConfig[],
      pipeline,
      checking: { probe: runProbe, store: store.watch, newId: randomUUID, now: () => new Date() },
    });
    // Steps of earlier runs' ladders that fell due since (cron runs this every few minutes).
    await wake.ladder.tick();
    return results;
  });
}

export { createAppContext };
