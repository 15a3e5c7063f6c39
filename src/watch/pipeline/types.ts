import type { AlertOrigin, NormalizedAlert, SourceName, TriageResult } from '../../core/alert.js';
import type { AlertGroup, RouteDecision, WatchStore } from '../../core/watch.js';

/** A payload as it arrived: a parsed JSON value or a text line, and the source named by the URL, if any. */
export interface IncomingPayload {
  payload: unknown;
  source?: SourceName | undefined;
}

/** Why a payload was refused: the HTTP layer answers 400 with this reason. */
export class RejectedPayload extends Error {
  override readonly name = 'RejectedPayload';
}

/** A payload of a request that did not normalize: its index in the request, and why. */
export interface PayloadRejection {
  index: number;
  reason: string;
}

/** Gets a critical group to the person; the wake ladder (Smart Wake) sits behind this. */
export interface Notifier {
  wake(group: AlertGroup, decision: RouteDecision): Promise<void>;
  /** A warning group routed to the digest for the first time and not muted: may be pushed by day (wake.warnings_to). */
  notice?(group: AlertGroup, decision: RouteDecision): Promise<void>;
}

/** The daemon's grouping and routing settings (milliseconds). */
export interface PipelineSettings {
  groupBy?: string[] | undefined;
  groupWaitMs: number;
  groupIntervalMs: number;
  resolveTimeoutMs: number;
}

/** Keeps an alert from waking anyone: returns why (a silence, a maintenance window) or null. */
export type MuteCheck = (alert: NormalizedAlert, now: Date) => Promise<string | null>;

/**
 * Everything a stage may use, injected by the composition root (src/app/watch/watch.ts): the watch
 * code itself imports no parser, classifier or database, so each stage is tested alone.
 */
export interface PipelineDeps {
  store: Pick<WatchStore, 'enqueue' | 'pending' | 'recordFailure' | 'commitGrouped' | 'groupsToRoute' | 'recordRoute'>;
  /** Normalizes one payload (sources/); throws on a payload no source accepts. */
  parse(incoming: IncomingPayload, receivedAt: Date): NormalizedAlert[];
  /** The triage engine (rules → model → optional LLM). */
  classify(alert: NormalizedAlert): Promise<TriageResult>;
  /** The stored alert with this id (for matching silences against a group's latest alert). */
  alertById(id: string): Promise<NormalizedAlert | null>;
  /** Silences and maintenance windows (src/watch/silence/mute-check.ts). */
  muted: MuteCheck;
  notifier: Notifier;
  settings: PipelineSettings;
  now(): Date;
  /** Observes each stage's work (metrics, logs); optional. */
  observe?(event: PipelineEvent): void;
}

/** What the pipeline reports as it goes. */
export type PipelineEvent =
  | { kind: 'triaged'; result: TriageResult; ms: number }
  | { kind: 'routed'; group: AlertGroup; decision: RouteDecision }
  | { kind: 'route-failed'; group: AlertGroup; error: unknown }
  | { kind: 'quarantined'; id: string; error: string };

/**
 * The one signature every stage shares: a batch in, a batch out, the deps beside it.
 * ingest → store → triage → group → route (which asks mute); each file in this folder is one stage.
 */
export type Stage<In, Out> = (batch: readonly In[], deps: PipelineDeps) => Promise<Out[]>;

export type { AlertOrigin };
