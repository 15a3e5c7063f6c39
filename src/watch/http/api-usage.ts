import type { FastifyInstance } from 'fastify';
import * as z from 'zod';
import type { UsageRequest } from '../../core/sla.js';
import { answer, ApiError, type ApiAccess, checked, parsedBody } from './api-common.js';

/** What `POST /v1/requests` needs: the configured service ids and the SLA store's usage table. */
export interface UsageApiDeps {
  serviceIds(): readonly string[];
  /** store.sla.recordRequests: rows already recorded (same `key`) are counted, not added again. */
  record(service: string, rows: readonly UsageRequest[]): Promise<{ added: number; duplicates: number }>;
}

/** More rows than this in one request is a 413 (a log shipper sends batches; split them). */
export const MAX_USAGE_ROWS = 10_000;

const time = z.union([
  z.number().int().nonnegative(),
  z.string().refine((value) => !Number.isNaN(Date.parse(value)), 'expected an ISO-8601 time'),
]);

const row = z.strictObject({
  /** ISO-8601, or milliseconds since 1970. */
  time,
  status: z.number().int().min(100).max(599),
  durationMs: z.number().nonnegative().nullable().optional(),
  service: z.string().min(1),
  /** A request id: posting the same id again for the service adds nothing. */
  id: z.string().min(1).max(200).optional(),
});

const rowList = z.array(row).min(1, 'send at least one request');

/**
 * `POST /v1/requests`: usage rows for the SLA report's usage section, one object or an array of
 * `{time, status, durationMs, service, id?}`; needs the admin token. The whole body is checked
 * before anything is stored, so a 400 (naming the row and field) stores nothing.
 */
export function registerUsageRoutes(app: FastifyInstance, deps: UsageApiDeps, access: ApiAccess): void {
  app.post('/v1/requests', async (request, reply) => {
    if (!(await access.authorize(request, reply, 'usage.record'))) return reply;
    return answer(reply, async () => {
      const body = parsedBody(request);
      if (Array.isArray(body) && body.length > MAX_USAGE_ROWS)
        throw new ApiError(413, `${body.length} requests in one body; send at most ${MAX_USAGE_ROWS} at a time`);
      // One schema per shape, so a bad row's error names its field rather than "invalid input".
      const rows = Array.isArray(body) ? checked(body, rowList) : [checked(body, row)];
      const known = new Set(deps.serviceIds());
      const bad = rows.findIndex((r) => !known.has(r.service));
      if (bad >= 0) {
        const field = `${Array.isArray(body) ? `[${bad}].` : ''}service`;
        throw new ApiError(
          400,
          `${field}: no service has the id ${JSON.stringify(rows[bad]!.service)}`,
          `services: in soloops.yaml lists them (${[...known].join(', ') || 'none configured'})`,
        );
      }
      const byService = new Map<string, UsageRequest[]>();
      for (const r of rows) {
        const same = byService.get(r.service) ?? [];
        same.push({ at: new Date(r.time), status: r.status, ms: r.durationMs ?? null, key: r.id });
        byService.set(r.service, same);
      }
      let added = 0;
      let duplicates = 0;
      for (const [service, list] of byService) {
        const recorded = await deps.record(service, list);
        added += recorded.added;
        duplicates += recorded.duplicates;
      }
      return { body: { received: rows.length, added, duplicates } };
    });
  });
}
