/**
 * The admin pages' API (contract in core/console.ts): users (`user.manage`), API keys
 * (`user.manage`) and the audit log (`audit.read`). The work itself is the `user` command's
 * (src/app/user, through ConsoleAdmin), so the CLI and the console change users the same way and
 * write the same audit entries; here the actor is the principal and the address the request's.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import * as z from 'zod';
import {
  type ApiKeyJson,
  type AuditEntryJson,
  type Principal,
  ROLES,
  type Role,
  type UserJson,
} from '../../core/console.js';
import { type ApiAccess, ApiError, answer, checked, intParam, jsonBody, parsedBody } from '../http/api-common.js';

/** Who makes a change, as the audit log records it: the principal's name and the client's address. */
export interface Actor {
  actor: string;
  address: string | null;
}

/** The user command's work over the daemon's store (src/app/console/auth.ts). Unknown ids: null. */
export interface ConsoleAdmin {
  listUsers(): Promise<UserJson[]>;
  addUser(
    by: Actor,
    input: { name: string; role: Role; password?: string | undefined },
  ): Promise<{
    user: UserJson;
    password?: string | undefined;
  }>;
  updateUser(
    by: Actor,
    id: number,
    changes: { role?: Role | undefined; disabled?: boolean | undefined },
  ): Promise<UserJson | null>;
  /** Sets the password (generated and returned when none is given) and ends the user's sessions. */
  resetPassword(by: Actor, id: number, password: string | undefined): Promise<{ password?: string | undefined } | null>;
  listKeys(): Promise<ApiKeyJson[]>;
  createKey(by: Actor, input: { name: string; role: Role }): Promise<{ key: ApiKeyJson; secret: string }>;
  revokeKey(by: Actor, id: number): Promise<ApiKeyJson | null>;
  audit(filter: { since?: Date | undefined; limit: number }): Promise<AuditEntryJson[]>;
}

const role = z.enum(ROLES);
const newUser = z.strictObject({ name: z.string(), role, password: z.string().optional() });
const userChanges = z
  .strictObject({ role: role.optional(), disabled: z.boolean().optional() })
  .refine((c) => c.role !== undefined || c.disabled !== undefined, 'send role or disabled');
const newPassword = z.strictObject({ password: z.string().optional() });
const newKey = z.strictObject({ name: z.string(), role });

export function registerAdminRoutes(app: FastifyInstance, admin: ConsoleAdmin, access: ApiAccess): void {
  /** A route that needs `permission`: the principal's actor is handed to `work`. */
  const guarded =
    (
      permission: 'user.manage' | 'audit.read',
      work: (request: FastifyRequest, by: Actor) => Promise<{ status?: number; body: unknown }>,
    ) =>
    async (request: FastifyRequest, reply: Parameters<typeof answer>[0]) => {
      const principal = await access.authorize(request, reply, permission);
      if (!principal) return reply;
      return answer(reply, () => work(request, actorOf(principal, request)));
    };

  app.get(
    '/api/users',
    guarded('user.manage', async () => ({ body: { users: await admin.listUsers() } })),
  );
  app.post(
    '/api/users',
    guarded('user.manage', async (request, by) => {
      const { user, password } = await admin.addUser(by, jsonBody(request, newUser));
      return { status: 201, body: { user, ...(password !== undefined && { password }) } };
    }),
  );
  app.patch(
    '/api/users/:id',
    guarded('user.manage', async (request, by) => {
      const user = await admin.updateUser(by, idParam(request), jsonBody(request, userChanges));
      if (!user) throw new ApiError(404, `no user has the id ${idParam(request)}`);
      return { body: { user } };
    }),
  );
  app.post(
    '/api/users/:id/password',
    guarded('user.manage', async (request, by) => {
      const empty = !Buffer.isBuffer(request.body) || request.body.toString('utf8').trim() === '';
      const { password } = empty ? { password: undefined } : checked(parsedBody(request), newPassword);
      const done = await admin.resetPassword(by, idParam(request), password);
      if (!done) throw new ApiError(404, `no user has the id ${idParam(request)}`);
      return { body: done.password === undefined ? {} : { password: done.password } };
    }),
  );
  app.get(
    '/api/keys',
    guarded('user.manage', async () => ({ body: { keys: await admin.listKeys() } })),
  );
  app.post(
    '/api/keys',
    guarded('user.manage', async (request, by) => ({
      status: 201,
      body: await admin.createKey(by, jsonBody(request, newKey)),
    })),
  );
  app.delete(
    '/api/keys/:id',
    guarded('user.manage', async (request, by) => {
      const key = await admin.revokeKey(by, idParam(request));
      if (!key) throw new ApiError(404, `no API key has the id ${idParam(request)}`);
      return { body: { key } };
    }),
  );
  app.get(
    '/api/audit',
    guarded('audit.read', async (request) => {
      const query = request.query as Record<string, unknown>;
      const limit = intParam(query.limit, 'limit', 100, 10_000);
      const since = sinceParam(query.since);
      return { body: { entries: await admin.audit({ since, limit }) } };
    }),
  );
}

/** The audit actor: the principal's name (a user, a key's creator, `admin token`) and the client's address. */
export function actorOf(principal: Principal, request: FastifyRequest): Actor {
  return { actor: principal.name, address: request.ip };
}

function idParam(request: FastifyRequest): number {
  const raw = (request.params as { id?: string }).id;
  const id = Number(raw);
  if (!Number.isInteger(id) || id < 1)
    throw new ApiError(400, `id: expected a whole number, got ${JSON.stringify(raw)}`);
  return id;
}

function sinceParam(value: unknown): Date | undefined {
  if (value === undefined || value === '') return undefined;
  const at = typeof value === 'string' ? new Date(value) : new Date(Number.NaN);
  if (Number.isNaN(at.getTime()))
    throw new ApiError(400, `since: expected an ISO time such as 2026-12-01T00:00:00Z, got ${JSON.stringify(value)}`);
  return at;
}
