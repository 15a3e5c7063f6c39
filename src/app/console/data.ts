import type { OverviewJson } from '../../core/console.js';
import { HOST_RANGES } from '../../core/console.js';
import type { Store } from '../../store/types.js';
import { ApiError } from '../../watch/http/api-common.js';
import type { ConsoleDataDeps } from '../../watch/console/data-routes.js';
import { personTimeZone } from '../config.js';
import { type AppContext, lendingStore } from '../context.js';
import { renderSlaReport, slaReportFrom } from '../incident/report.js';
import { recordFeedback } from '../triage/feedback.js';
import { spendThisMonth } from '../wake/spend.js';
import { alertRow, alertRows, type ConsoleShared, latestHosts, point, servicesNow } from './live.js';

/** A chart has at most this many points, whatever the range: enough for a 1,000-pixel line. */
export const MAX_POINTS = 300;
const CONTENT_TYPES = { json: 'application/json', csv: 'text/csv', html: 'text/html' } as const;

/**
 * The console's data pages over the daemon's open store and config. Feedback goes through
 * `soloops triage feedback`'s own function (the verdict, then retraining), lent this store.
 */
export function consoleData(
  app: () => AppContext,
  store: Store,
  now: () => Date,
  { status }: Pick<ConsoleShared, 'status'>,
): ConsoleDataDeps {
  return {
    overview: () => overview(app, store, now(), () => servicesNow(status)),
    hosts: () => latestHosts(store, now()),
    history: async (host, range) => {
      const rows = await store.listSnapshots({ host, since: new Date(now().getTime() - HOST_RANGES[range]) });
      return thin(rows.reverse().map(point), MAX_POINTS);
    },
    alerts: (limit) => alertRows(store, now(), limit, { feedback: true }),
    feedback: async (id, { verdict, severity }, { principal, address }) => {
      const found = await store.getAlert(id);
      if (!found) throw new ApiError(404, `no stored alert has the id ${id}`, 'GET /api/alerts lists them.');
      const outcome = await recordFeedback(lendingStore(app(), store), { id: found.alert.id, verdict, severity });
      await store.audit.record(
        {
          actor: principal.name,
          action: 'alert.feedback',
          target: found.alert.id,
          address,
          detail: { verdict, severity: outcome.severity },
        },
        now(),
      );
      return { ...alertRow(found), feedback: { verdict, severity: outcome.severity } };
    },
    getDraft: (userId, key) => store.drafts.get(userId, key),
    saveDraft: (userId, draft) => store.drafts.save(userId, draft, now()),
    discardDraft: (userId, key) => store.drafts.discard(userId, key),
    report: async (request, format) => {
      const report = await slaReportFrom(store, app().config, request, now());
      const name = ['sla', request.month ?? 'last-month', request.service].filter(Boolean).join('-');
      return {
        body: renderSlaReport(report, format),
        filename: `${name}.${format}`,
        contentType: `${CONTENT_TYPES[format]}; charset=utf-8`,
      };
    },
  };
}

async function overview(
  app: () => AppContext,
  store: Store,
  now: Date,
  services: () => Promise<OverviewJson['services']>,
): Promise<OverviewJson> {
  const { config } = app();
  const [shown, groups, incidents, spend] = await Promise.all([
    services(),
    store.watch.openGroups(50),
    store.incidents.list({ open: true }),
    spendThisMonth(store, config, now),
  ]);
  const ladders = groups.length > 0 ? await store.digest.laddersOf(groups.map((g) => g.id)) : [];
  const titles = new Map(groups.map((g) => [g.id, g.title]));
  const quiet = config.wake?.quiet_hours;
  return {
    generatedAt: now.toISOString(),
    services: shown,
    openGroups: groups.map((g) => ({
      id: g.id,
      service: g.service,
      title: g.title,
      severity: g.severity,
      state: g.state,
      count: g.alertCount,
      lastSeen: g.lastSeen.toISOString(),
    })),
    activeIncidents: incidents.map(({ id, title, status, severity, priority }) => ({
      id,
      title,
      status,
      severity,
      priority,
    })),
    wake: {
      quietHours: quiet
        ? { from: quiet.start, to: quiet.end, timeZone: quiet.timezone ?? personTimeZone(config) }
        : null,
      ladders: ladders
        .filter(({ ladder }) => ladder.state === 'ringing')
        .map(({ ladder }) => ({
          groupId: ladder.groupId,
          title: titles.get(ladder.groupId) ?? '',
          step: nextStepLabel(ladder.steps, ladder.nextStep),
          nextAt: ladder.nextAt?.toISOString() ?? null,
          state: ladder.state,
        })),
    },
    spend: { monthUsd: spend.costUsd, calls: spend.calls, sms: spend.sms, capUsd: null },
  };
}

/** "2/4 call": which step runs next, of how many, on which channel. */
function nextStepLabel(steps: ReadonlyArray<{ channel: string }>, next: number): string {
  const step = steps[next];
  return step ? `${next + 1}/${steps.length} ${step.channel}` : `${steps.length}/${steps.length} done`;
}

/** Every n-th point so at most `max` remain, always keeping the latest. */
export function thin<T>(points: readonly T[], max: number): T[] {
  if (points.length <= max) return [...points];
  const stride = Math.ceil(points.length / max);
  const kept = points.filter((_, i) => (points.length - 1 - i) % stride === 0);
  return kept.slice(-max);
}
