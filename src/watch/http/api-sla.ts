import type { FastifyInstance } from 'fastify';
import type { IncidentStats, SlaReport } from '../../incident/report/index.js';
import { answer, ApiError, type ApiAccess } from './api-common.js';

/** Which period: a month (`period=monthly&year=2026&month=11`; default the last full month) or from/to days. */
export interface PeriodQuery {
  month?: string;
  from?: string;
  to?: string;
}

/** What the SLA routes need: `soloops incident report`'s figures (src/app/incident/report.ts). */
export interface SlaApiDeps {
  /** One service's report; ApiError 404 when no service has the id. */
  service(serviceId: string, period: PeriodQuery): Promise<SlaReport>;
  /** Incident counts over the period: every incident, or one service's. */
  incidentStats(period: PeriodQuery, serviceId?: string): Promise<{ period: PeriodJson; incidents: IncidentStats }>;
}

export interface PeriodJson {
  from: string;
  to: string;
  label: string;
  timeZone: string;
}

type Query = Record<string, string | undefined>;

const SECTIONS = {
  availability: 'availability',
  'response-times': 'responseTimes',
  usage: 'usage',
} as const;

const NO_USAGE =
  'No usage data for this period: import access logs (soloops incident usage import FILE --service ID) ' +
  'or POST them to /v1/requests.';

/** `period=monthly` (default) with `year` and `month`, or `period=custom` with `from` and `to` (YYYY-MM-DD). */
export function periodOf(query: Query): PeriodQuery {
  const period = query.period ?? 'monthly';
  if (period === 'custom') {
    if (!query.from || !query.to) throw new ApiError(400, 'from, to: period=custom needs both (YYYY-MM-DD)');
    return { from: query.from, to: query.to };
  }
  if (period !== 'monthly')
    throw new ApiError(400, `period: expected monthly or custom, got ${JSON.stringify(period)}`);
  if (query.year === undefined && query.month === undefined) return {};
  const year = Number(query.year);
  const month = Number(query.month);
  if (!Number.isInteger(year) || year < 2000 || year > 9999)
    throw new ApiError(400, `year: expected a year such as 2026, got ${JSON.stringify(query.year ?? null)}`);
  if (!Number.isInteger(month) || month < 1 || month > 12)
    throw new ApiError(400, `month: expected 1 to 12, got ${JSON.stringify(query.month ?? null)}`);
  return { month: `${year}-${String(month).padStart(2, '0')}` };
}

/**
 * `GET /api/sla/availability/:serviceId`, `/api/sla/response-times/:serviceId`, `/api/sla/usage/:serviceId`
 * (each one section of the SLA report for the period) and `GET /api/sla/incidents/stats` (`?service=`).
 */
export function registerSlaRoutes(app: FastifyInstance, deps: SlaApiDeps, access: ApiAccess): void {
  for (const [route, section] of Object.entries(SECTIONS)) {
    app.get<{ Params: { serviceId: string }; Querystring: Query }>(
      `/api/sla/${route}/:serviceId`,
      async (request, reply) => {
        if (!(await access.authorize(request, reply, 'read', { public: true }))) return reply;
        return answer(reply, async () => {
          const report = await deps.service(request.params.serviceId, periodOf(request.query));
          const service = report.services[0];
          if (!service) throw new ApiError(404, `no service has the id ${request.params.serviceId}`);
          const { from, to, label, timeZone } = report;
          const figures = service[section];
          return {
            body: {
              serviceId: service.id,
              name: service.name,
              period: { from, to, label, timeZone },
              [section]: figures,
              ...(figures === null && { message: NO_USAGE }),
            },
          };
        });
      },
    );
  }

  app.get<{ Querystring: Query }>('/api/sla/incidents/stats', async (request, reply) => {
    if (!(await access.authorize(request, reply, 'read', { public: true }))) return reply;
    return answer(reply, async () => ({
      body: await deps.incidentStats(periodOf(request.query), request.query.service || undefined),
    }));
  });
}
