import type { FastifyInstance } from 'fastify';
import type { StatusDay, StatusModel } from '../../incident/status/index.js';
import { OVERALL_TEXT, SERVICE_TEXT } from '../../incident/status/format.js';
import { answer, ApiError, type ApiAccess, intParam } from './api-common.js';

/** One service's daily uptime over a number of months (30 days each), oldest day first. */
export interface UptimeJson {
  serviceId: string;
  name: string;
  months: number;
  /** UTC `YYYY-MM-DD` of the first and last day. */
  from: string;
  to: string;
  /** Successful / total checks over the whole range, in % (null: no check ran). */
  uptime: number | null;
  days: StatusDay[];
}

/** What the status routes need: the status page's model (src/incident/status) and longer uptime ranges. */
export interface StatusApiDeps {
  /** The model as `status build` computes it; may be up to a couple of seconds old. */
  model(): Promise<StatusModel>;
  /** `months` × 30 days of one service; null when no service has the id. */
  uptime(serviceId: string, months: number): Promise<UptimeJson | null>;
}

/** The longest uptime range asked for: a year, what the roll-ups keep by default. */
export const MAX_UPTIME_MONTHS = 12;

/**
 * `GET /api/system-status` (the banner and counts by state), `GET /api/services` (each service's
 * state and 90-day uptime), `GET /api/uptime/:serviceId?months=3` (daily bars).
 */
export function registerStatusRoutes(app: FastifyInstance, deps: StatusApiDeps, access: ApiAccess): void {
  app.get('/api/system-status', async (request, reply) => {
    if (!(await access.authorize(request, reply, 'read', { public: true }))) return reply;
    return answer(reply, async () => {
      const model = await deps.model();
      const count = (state: string) => model.services.filter((s) => s.state === state).length;
      return {
        body: {
          status: model.overall,
          message: OVERALL_TEXT[model.overall],
          title: model.title,
          updatedAt: model.generatedAt,
          hasData: model.hasData,
          services: {
            total: model.services.length,
            operational: count('operational'),
            degraded: count('degraded'),
            outage: count('outage'),
          },
          activeIncidents: model.active.length,
        },
      };
    });
  });

  app.get('/api/services', async (request, reply) => {
    if (!(await access.authorize(request, reply, 'read', { public: true }))) return reply;
    return answer(reply, async () => {
      const model = await deps.model();
      const services = model.services.map(({ days: _days, ...service }) => ({
        ...service,
        stateText: SERVICE_TEXT[service.state],
        activeIncidents: model.active
          .filter((x) => x.services.includes(service.id))
          .map(({ id, title }) => ({ id, title })),
      }));
      return { body: { services, updatedAt: model.generatedAt } };
    });
  });

  app.get<{ Params: { serviceId: string }; Querystring: { months?: string } }>(
    '/api/uptime/:serviceId',
    async (request, reply) => {
      if (!(await access.authorize(request, reply, 'read', { public: true }))) return reply;
      return answer(reply, async () => {
        const months = intParam(request.query.months, 'months', 3, MAX_UPTIME_MONTHS);
        const uptime = await deps.uptime(request.params.serviceId, months);
        if (!uptime)
          throw new ApiError(404, `no service has the id ${request.params.serviceId}`, 'GET /api/services lists them.');
        return { body: uptime };
      });
    },
  );
}
