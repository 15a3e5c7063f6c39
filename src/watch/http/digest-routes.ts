import type { FastifyInstance } from 'fastify';
import { digestLinkValid } from '../../core/digest-link.js';
import { checkOwnEndpoint, type OwnEndpointAccess } from '../auth/own-endpoints.js';

/** What the digest page needs: the stored HTML by id, and the token that protects it (if any). */
export interface DigestHttpDeps {
  html(id: number): Promise<string | null>;
  /** watch.auth.default's token, or open on loopback, or closed beyond it without a token. */
  access(): OwnEndpointAccess;
}

/**
 * `GET /v1/digests/:id`: a sent digest as the HTML page that was mailed, for the link in ntfy,
 * Slack or Discord. With a token configured it takes the link's signature (`?sig=`) or the token.
 */
export function registerDigestRoutes(app: FastifyInstance, deps: DigestHttpDeps): void {
  app.get<{ Params: { id: string }; Querystring: { sig?: string; token?: string } }>(
    '/v1/digests/:id',
    async (request, reply) => {
      const id = Number(request.params.id);
      if (!Number.isInteger(id) || id <= 0) return reply.code(400).send({ error: 'the id is a digest number' });
      const access = deps.access();
      const signed = access.kind === 'token' && digestLinkValid(access.token, id, request.query.sig);
      const auth = signed ? null : checkOwnEndpoint(access, request);
      if (auth && !auth.ok)
        return reply.code(auth.status ?? 401).send({
          error: auth.status === 403 ? auth.reason : 'this link needs its signature (sig=…) or the webhook token',
        });
      const html = await deps.html(id);
      if (!html) return reply.code(404).send({ error: `no sent digest #${id}` });
      return reply.type('text/html; charset=utf-8').header('cache-control', 'private, no-store').send(html);
    },
  );
}
