import type { FastifyInstance } from 'fastify';
import * as z from 'zod';
import type { Severity } from '../../core/alert.js';
import {
  type AlertRowJson,
  type DraftJson,
  HOST_RANGES,
  type HostJson,
  type HostPointJson,
  type HostRange,
  type OverviewJson,
} from '../../core/console.js';
import { answer, ApiError, type ApiAccess, intParam, jsonBody } from '../http/api-common.js';
import type { Actor } from '../http/api-incidents.js';

/** The SLA report's download formats. */
export const REPORT_DOWNLOADS = ['json', 'csv', 'html'] as const;
export type ReportDownload = (typeof REPORT_DOWNLOADS)[number];

/** What the console's data pages need, built by src/app/console/data.ts over the daemon's store and config. */
export interface ConsoleDataDeps {
  overview(): Promise<OverviewJson>;
  /** Each host's latest snapshot. */
  hosts(): Promise<HostJson[]>;
  /** The host's snapshots over the range, oldest first, thinned to at most 300 points. */
  history(host: string, range: HostRange): Promise<HostPointJson[]>;
  /** Newest first. */
  alerts(limit: number): Promise<AlertRowJson[]>;
  /** `soloops triage feedback` for the alert; ApiError 404 when no alert has the id. */
  feedback(
    id: string,
    verdict: { verdict: 'correct' | 'wrong'; severity?: Severity },
    actor: Actor,
  ): Promise<AlertRowJson>;
  getDraft(userId: number, key: string): Promise<DraftJson | null>;
  saveDraft(userId: number, draft: Omit<DraftJson, 'savedAt'>): Promise<DraftJson>;
  discardDraft(userId: number, key: string): Promise<void>;
  /** The SLA report of `soloops incident report` as a file: its text, name and content type. */
  report(
    request: { month?: string | undefined; service?: string | undefined },
    format: ReportDownload,
  ): Promise<{ body: string; filename: string; contentType: string }>;
}

const SEVERITIES = ['critical', 'warning', 'info'] as const satisfies readonly Severity[];

const feedbackBody = z
  .strictObject({ verdict: z.enum(['correct', 'wrong']), severity: z.enum(SEVERITIES).optional() })
  .refine((body) => body.verdict === 'correct' || body.severity !== undefined, {
    path: ['severity'],
    message: 'required with verdict wrong: which severity is right?',
  });

/** A draft is a form's fields: small. A larger body is not a form the console sends. */
const MAX_DRAFT_CHARS = 64_000;
const draftBody = z.strictObject({
  fields: z.record(z.string(), z.unknown()),
  baseVersion: z.number().int().min(1).nullable(),
});
const draftKey = /^(new|[a-z0-9-]{1,64})$/;

/**
 * The console's data API: `GET /api/overview`, `/api/hosts`, `/api/hosts/:host/history?range=`,
 * `/api/alerts?limit=`, `POST /api/alerts/:id/feedback`, `GET|PUT|DELETE /api/drafts/:key` (the
 * signed-in user's own) and `GET /api/reports/sla` (a download). Reads need `read` (never public).
 */
export function registerDataRoutes(app: FastifyInstance, deps: ConsoleDataDeps, access: ApiAccess): void {
  app.get('/api/overview', async (request, reply) => {
    if (!(await access.authorize(request, reply, 'read'))) return reply;
    return answer(reply, async () => ({ body: await deps.overview() }));
  });

  app.get('/api/hosts', async (request, reply) => {
    if (!(await access.authorize(request, reply, 'read'))) return reply;
    return answer(reply, async () => ({ body: { hosts: await deps.hosts() } }));
  });

  app.get<{ Params: { host: string }; Querystring: { range?: string } }>(
    '/api/hosts/:host/history',
    async (request, reply) => {
      if (!(await access.authorize(request, reply, 'read'))) return reply;
      return answer(reply, async () => {
        const range = request.query.range ?? '24h';
        if (!Object.hasOwn(HOST_RANGES, range))
          throw new ApiError(400, `range: expected one of ${Object.keys(HOST_RANGES).join(', ')}`);
        const { host } = request.params;
        const points = await deps.history(host, range as HostRange);
        return { body: { host, range, points } };
      });
    },
  );

  app.get<{ Querystring: { limit?: string } }>('/api/alerts', async (request, reply) => {
    if (!(await access.authorize(request, reply, 'read'))) return reply;
    return answer(reply, async () => {
      const limit = intParam(request.query.limit, 'limit', 50, 500);
      return { body: { alerts: await deps.alerts(limit) } };
    });
  });

  app.post<{ Params: { id: string } }>('/api/alerts/:id/feedback', async (request, reply) => {
    const principal = await access.authorize(request, reply, 'alert.feedback');
    if (!principal) return reply;
    return answer(reply, async () => {
      const { verdict, severity } = jsonBody(request, feedbackBody);
      const alert = await deps.feedback(
        request.params.id,
        { verdict, ...(severity && { severity }) },
        { principal, address: request.ip },
      );
      return { body: { alert } };
    });
  });

  app.get<{ Params: { key: string } }>('/api/drafts/:key', async (request, reply) => {
    const principal = await access.authorize(request, reply, 'incident.update');
    if (!principal) return reply;
    return answer(reply, async () => ({
      body: { draft: await deps.getDraft(userOf(principal), keyOf(request.params.key)) },
    }));
  });

  app.put<{ Params: { key: string } }>('/api/drafts/:key', async (request, reply) => {
    const principal = await access.authorize(request, reply, 'incident.update');
    if (!principal) return reply;
    return answer(reply, async () => {
      const userId = userOf(principal);
      const key = keyOf(request.params.key);
      if (Buffer.isBuffer(request.body) && request.body.length > MAX_DRAFT_CHARS)
        throw new ApiError(413, `a draft is at most ${MAX_DRAFT_CHARS} bytes`);
      const { fields, baseVersion } = jsonBody(request, draftBody);
      return { body: { draft: await deps.saveDraft(userId, { key, fields, baseVersion }) } };
    });
  });

  app.delete<{ Params: { key: string } }>('/api/drafts/:key', async (request, reply) => {
    const principal = await access.authorize(request, reply, 'incident.update');
    if (!principal) return reply;
    return answer(reply, async () => {
      await deps.discardDraft(userOf(principal), keyOf(request.params.key));
      return { status: 204, body: undefined };
    });
  });

  app.get<{ Querystring: { month?: string; service?: string; format?: string } }>(
    '/api/reports/sla',
    async (request, reply) => {
      if (!(await access.authorize(request, reply, 'read'))) return reply;
      const { month, service, format = 'json' } = request.query;
      if (!(REPORT_DOWNLOADS as readonly string[]).includes(format))
        return reply.code(400).send({ error: `format: expected one of ${REPORT_DOWNLOADS.join(', ')}` });
      return answer(reply, async () => {
        // An empty field of the page's form means "not given": the last full month, every service.
        const file = await deps.report(
          { month: month || undefined, service: service || undefined },
          format as ReportDownload,
        );
        void reply
          .type(file.contentType)
          .header('content-disposition', `attachment; filename="${file.filename}"`)
          .header('cache-control', 'no-store');
        return { body: file.body };
      });
    },
  );
}

/** Drafts are a person's: the admin token and other principals without a user have none. */
function userOf(principal: { userId?: number | undefined; name: string }): number {
  if (principal.userId === undefined)
    throw new ApiError(
      400,
      `${principal.name} has no drafts: drafts belong to signed-in users`,
      'Sign in to the console.',
    );
  return principal.userId;
}

function keyOf(key: string): string {
  if (!draftKey.test(key))
    throw new ApiError(400, `draft key: expected "new" or an incident id, got ${JSON.stringify(key)}`);
  return key;
}
