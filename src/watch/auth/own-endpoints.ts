/**
 * Who may use the daemon's own endpoints (`POST /v1/ack/ID`, the digest pages): whoever holds
 * `watch.auth.default.token`. Acknowledging stops a person's wake-up, so beyond loopback these
 * endpoints stay closed until that token is set (the composition root decides which applies).
 */
import { failed, passed, type AuthResult } from '../../sources/shared/webhook-auth.js';
import { presentedToken, tokenMatches } from './token.js';
import { repeatedCredential, type Headers } from './headers.js';

export type OwnEndpointAccess =
  | { kind: 'open' }
  | { kind: 'token'; token: string }
  | { kind: 'closed'; reason: string };

/** 401 for a missing or wrong token, 403 when the endpoint is closed; `passed` otherwise. */
export function checkOwnEndpoint(
  access: OwnEndpointAccess,
  request: { headers: Headers; rawHeaders?: readonly string[]; query: unknown },
): AuthResult & { status?: 401 | 403 } {
  if (access.kind === 'open') return passed;
  if (access.kind === 'closed') return { ...failed(access.reason), status: 403 };
  const repeated = repeatedCredential(request.rawHeaders, request.query);
  if (repeated) return { ...failed(`${repeated}: send each credential once`), status: 401 };
  const presented = presentedToken(request.headers, (request.query ?? {}) as Record<string, unknown>);
  if (presented === undefined)
    return { ...failed('missing token: send Authorization: Bearer <token> or ?token=<token>'), status: 401 };
  return tokenMatches(access.token, presented) ? passed : { ...failed('token does not match'), status: 401 };
}
