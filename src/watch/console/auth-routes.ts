import type { FastifyInstance } from 'fastify';
import type { ApiAccess } from '../http/api-common.js';

/** Stub (issue 18 in progress): login, logout, refresh, me, users, keys and the audit log. */
// biome-ignore lint/complexity/noBannedTypes: stub until the routes land
export type ConsoleAuthDeps = {};

export function registerAuthRoutes(_app: FastifyInstance, _deps: ConsoleAuthDeps, _access: ApiAccess): void {}
