import type { FastifyInstance } from 'fastify';
import type { ApiAccess } from '../http/api-common.js';

/** Stub (issue 18 in progress): `GET /api/events`, the WebSocket of pushed events and presence. */
// biome-ignore lint/complexity/noBannedTypes: stub until the routes land
export type ConsoleLiveDeps = {};

export function registerLiveRoutes(_app: FastifyInstance, _deps: ConsoleLiveDeps, _access: ApiAccess): void {}
