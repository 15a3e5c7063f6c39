import type { FastifyReply, FastifyRequest } from 'fastify';
import type * as z from 'zod';
import type { Permission, Principal } from '../../core/console.js';
import { type SoloopsError, UserError } from '../../core/errors.js';
import { checkOwnEndpoint, type OwnEndpointAccess } from '../auth/own-endpoints.js';

/**
 * Who may use `/api/*`, `/status`, `/console` and `POST /v1/requests`: every route names the
 * permission it needs (core/console.ts PERMISSIONS) and asks here. A request is made by a console
 * session (cookie, or its access token as a bearer), an API key, or the daemon's admin token
 * (watch.auth.default.token, role admin). Reads marked `public` are open to anyone while
 * `status.public` is set (the status page's data); everything else needs a principal with the role.
 */
export interface ApiAccess {
  /**
   * The principal making the request when it may do `permission`; otherwise answers 401 (who are
   * you?) or 403 (not allowed) itself and returns null. An anonymous public read returns the
   * `ANONYMOUS` principal.
   */
  authorize(
    request: FastifyRequest,
    reply: FastifyReply,
    permission: Permission,
    options?: { public?: boolean },
  ): Promise<Principal | null>;
}

/** Who a public read is made by when nobody logged in. */
export const ANONYMOUS: Principal = { kind: 'token', name: 'anonymous', role: 'viewer' };

/** An answer other than 200 that a dependency decides (404 unknown id, 409 refused move, 501 not built). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly hint?: string,
  ) {
    super(message);
  }
}

/** Sends 401/403 and returns false when the request may not go on (own endpoints: ack, digests). */
export function allowed(access: OwnEndpointAccess, request: FastifyRequest, reply: FastifyReply): boolean {
  const auth = checkOwnEndpoint(access, request);
  if (auth.ok) return true;
  void reply.code(auth.status ?? 401).send({ error: auth.reason });
  return false;
}

/**
 * The request's JSON body checked against `schema`; an ApiError(400) naming the first wrong field
 * (`severity: expected one of low|medium|high|critical`) otherwise. Bodies arrive as raw bytes
 * (server.ts removes every content-type parser), so parsing is ours.
 */
export function jsonBody<T extends z.ZodType>(request: FastifyRequest, schema: T): z.output<T> {
  return checked(parsedBody(request), schema);
}

/** The request's body parsed as JSON; ApiError(400) when empty or not JSON. */
export function parsedBody(request: FastifyRequest): unknown {
  const text = Buffer.isBuffer(request.body) ? request.body.toString('utf8').trim() : '';
  if (text === '') throw new ApiError(400, 'empty body: send a JSON object');
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ApiError(400, `the body is not JSON: ${(error as Error).message}`);
  }
}

/** `value` checked against `schema`; ApiError(400) naming the first wrong field otherwise. */
export function checked<T extends z.ZodType>(value: unknown, schema: T): z.output<T> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const [issue] = parsed.error.issues;
  const field = issue?.path.length ? fieldName(issue.path) : 'body';
  throw new ApiError(400, `${field}: ${issue?.message ?? 'invalid'}`);
}

/** A positive integer query parameter within [1, max], its default when absent; 400 naming it otherwise. */
export function intParam(value: unknown, name: string, fallback: number, max: number): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > max)
    throw new ApiError(400, `${name}: expected a whole number from 1 to ${max}, got ${JSON.stringify(value)}`);
  return n;
}

/**
 * Runs a route's work and answers its failures as JSON: ApiError with its status, a UserError
 * (a refused value from the incident rules: unknown status, ambiguous id prefix) as 400 with its
 * hint; anything else goes on to the server's error handler (503 store away, 500).
 */
export async function answer(reply: FastifyReply, work: () => Promise<{ status?: number; body: unknown }>) {
  try {
    const { status = 200, body } = await work();
    return reply.code(status).send(body);
  } catch (error) {
    if (error instanceof ApiError)
      return reply.code(error.status).send({ error: error.message, ...(error.hint && { hint: error.hint }) });
    if (error instanceof UserError) return reply.code(400).send(withHint(error));
    throw error;
  }
}

/** `services[0]`, `[3].status`: a zod path as a person would write it. */
function fieldName(path: readonly PropertyKey[]): string {
  return path.reduce<string>(
    (name, part) => (typeof part === 'number' ? `${name}[${part}]` : name ? `${name}.${String(part)}` : String(part)),
    '',
  );
}

function withHint(error: SoloopsError) {
  return { error: error.message, ...(error.hint && { hint: error.hint }) };
}
