/**
 * The console page: `GET /console` and every `/console/*` path the page routes itself answer
 * dist/console/index.html (a single-page app: the path is the page's business), the hashed
 * scripts and styles beside it are cached for a year (their names change with their content),
 * and every answer carries the strict CSP and framing headers of the contract.
 */
import fs from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';

/** The console's Content-Security-Policy: nothing but the page's own files, no inline script or style. */
export const CONSOLE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** The headers every /console (and /api) answer carries. */
export const SECURITY_HEADERS: Record<string, string> = {
  'content-security-policy': CONSOLE_CSP,
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

const IMMUTABLE = 'public, max-age=31536000, immutable';

/** Registers the page; when `pagesDir` holds no index.html, /console answers 503 saying to build. */
export function registerConsolePages(app: FastifyInstance, pagesDir: string): void {
  app.addHook('onSend', async (request, reply) => {
    const url = request.url;
    if (url === '/console' || url.startsWith('/console/') || url.startsWith('/console?') || url.startsWith('/api/'))
      void reply.headers(SECURITY_HEADERS);
  });
  const indexFile = path.join(pagesDir, 'index.html');
  if (!fs.existsSync(indexFile)) {
    const notBuilt = async (_request: unknown, reply: FastifyReply) =>
      reply
        .code(503)
        .header('cache-control', 'no-store')
        .send({
          error: `the console is not built (${indexFile} is missing)`,
          hint: 'run npm run build',
        });
    app.get('/console', notBuilt);
    app.get('/console/*', notBuilt);
    return;
  }
  // One route per built file (wildcard: false): no path from a request ever reaches the file system.
  void app.register(fastifyStatic, {
    root: pagesDir,
    prefix: '/console/',
    wildcard: false,
    index: false,
    decorateReply: false,
    cacheControl: false,
    globIgnore: ['index.html'],
    setHeaders: (res) => res.setHeader('cache-control', IMMUTABLE),
  });
  const page = async (_request: unknown, reply: FastifyReply) => {
    // Read per request (it is small): a rebuild while the daemon runs serves the new page's names.
    const html = await fs.promises.readFile(indexFile);
    return reply.header('cache-control', 'no-cache').type('text/html; charset=utf-8').send(html);
  };
  app.get('/console', page);
  app.get('/console/*', page);
}
