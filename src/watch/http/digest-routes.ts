import type { FastifyInstance } from 'fastify';
import { digestLinkValid } from '../../core/digest-link.js';
import { presentedToken, tokenMatches } from '../auth/token.js';

/** What the digest page needs: the stored HTML by id, and the token that protects it (if any). */
export interface DigestHttpDeps {
  html(id: number): Promise<string | null>;
  /** watch.auth.default's token; none: the page is as open as the webhooks (loopback only). */
  token(): string | undefined;
}

/**
 * `GET /v1/digests/:id`: a sent digest as the HTML page that was mailed, for the link in ntfy,
 * Slack or Discord. With a token configured it takes the link's signature (`?sig=`) or the token.
 */
export function registerDigestRoutes(app: FastifyInstance, deps: DigestHttpDeps): void {
  app.get<{ Params: { id: string }; Querystring: { sig?: string; token?: string } }>('/v1/digests/:id', async (request, reply) => {
    const id = Number(request.params.id);
    if (!Number.isInteger(id) || id <= 0) return reply.code(400).send({ error: 'the id is a digest number' });
    const token = deps.token();
    const allowed = !token || digestLinkValid(token, id, request.query.sig) || tokenMatches(token, presentedToken(request.headers, request.query as Record<string, string | undefined>));
    if (!allowed) return reply.code(401).send({ error: 'this link needs its signature (sig=…) or the webhook token' });
    const html = await deps.html(id);
    if (!html) return reply.code(404).send({ error: `no sent digest #${id}` });
    return reply.type('text/html; charset=utf-8').header('cache-control', 'private, no-store').send(html);
  });
}
