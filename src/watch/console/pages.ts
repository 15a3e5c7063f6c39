import type { FastifyInstance } from 'fastify';

/** Stub (issue 18 in progress): `/console` and its assets from dist/console, with the strict CSP. */
export function registerConsolePages(_app: FastifyInstance, _pagesDir: string): void {}
