import type { FastifyInstance } from 'fastify';
import type { ApiAccess } from '../http/api-common.js';

/** Stub (issue 18 in progress): overview, hosts, alerts and feedback, drafts, report downloads. */
// biome-ignore lint/complexity/noBannedTypes: stub until the routes land
export type ConsoleDataDeps = {};

export function registerDataRoutes(_app: FastifyInstance, _deps: ConsoleDataDeps, _access: ApiAccess): void {}
