import { incidentStats, type SlaReport } from '../../incident/report/index.js';
import type { Store } from '../../store/types.js';
import { ApiError } from '../../watch/http/api-common.js';
import type { PeriodQuery, SlaApiDeps } from '../../watch/http/api-sla.js';
import { personTimeZone } from '../config.js';
import { type AppContext, lendingStore } from '../context.js';
import { reportPeriod, serviceSlaReport } from '../incident/report.js';
import { type Cached, cached } from './api-cache.js';

/**
 * A report is reused this long: a month's figures change only with today's probes, and one
 * service's month reads up to ~45,000 probes.
 */
export const REPORT_MAX_AGE_MS = 60_000;

/** The SLA routes over the daemon's open store, through `soloops incident report`'s own functions. */
export function slaApi(
  app: () => AppContext,
  store: Store,
  now: () => Date,
  maxAgeMs = REPORT_MAX_AGE_MS,
): SlaApiDeps & { changed(): void } {
  const context = (): AppContext => lendingStore(app(), store);
  const reports = new Map<string, Cached<SlaReport>>();
  const known = (serviceId: string) => {
    if (!app().config.services.some((s) => s.id === serviceId))
      throw new ApiError(404, `no service has the id ${serviceId}`, 'GET /api/services lists them.');
  };
  const service = async (serviceId: string, period: PeriodQuery): Promise<SlaReport> => {
    known(serviceId);
    const key = JSON.stringify([serviceId, period]);
    let report = reports.get(key);
    if (!report) {
      if (reports.size > 500) reports.clear();
      report = cached(() => serviceSlaReport(context(), serviceId, period, now()), maxAgeMs);
      reports.set(key, report);
    }
    return report.get();
  };
  return {
    service,
    // An incident written through the API shows in the next report.
    changed: () => reports.clear(),
    incidentStats: async (period: PeriodQuery, serviceId?: string) => {
      const timeZone = personTimeZone(app().config);
      if (serviceId !== undefined) {
        // One service's incidents as its report counts them (matched by id, name or alert service).
        const report = await service(serviceId, period);
        const { from, to, label } = report;
        return { period: { from, to, label, timeZone }, incidents: report.services[0]!.incidents };
      }
      const { from, to, label } = reportPeriod(period, timeZone, now());
      const opened = await store.incidents.list({ since: from });
      return {
        period: { from: from.toISOString(), to: to.toISOString(), label, timeZone },
        incidents: incidentStats(opened.filter((x) => x.createdAt < to)),
      };
    },
  };
}
