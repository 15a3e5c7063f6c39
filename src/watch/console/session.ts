/**
 * The console's session policy, pure (no store, no clock): whether a session row still admits a
 * request or a refresh at `now`, what a refresh rotates to, and when `last_seen_at` is worth a write.
 *
 * A session ends on whichever comes first: its access token's end (`access_ttl`, then a refresh
 * gives a new one), `idle_timeout` without a request, or its refresh end (`refresh_ttl` from the
 * login). A refresh keeps the session's refresh end instead of renewing it: a stolen refresh token
 * cannot keep a session alive forever, and after `refresh_ttl` (7 d) everybody types the password again.
 */
import type { StoredSession } from '../../store/console-types.js';

/** The lifetimes that matter here (the `console:` config's access_ttl, refresh_ttl, idle_timeout, in ms). */
export interface SessionPolicy {
  access_ttl: number;
  refresh_ttl: number;
  idle_timeout: number;
}

export type SessionState = 'valid' | 'revoked' | 'expired' | 'idle' | 'refresh-expired';

/** `last_seen_at` is written at most this often: a busy page must not write on every request. */
export const TOUCH_EVERY_MS = 60_000;

/** Whether a request presenting this session's access token is admitted at `now`. */
export function accessState(session: StoredSession, now: Date, policy: SessionPolicy): SessionState {
  if (session.revokedAt) return 'revoked';
  if (idle(session, now, policy)) return 'idle';
  if (now.getTime() >= session.accessExpiresAt.getTime()) return 'expired';
  return 'valid';
}

/** Whether this session's refresh token may be exchanged at `now` (an idle session may not: it ended). */
export function refreshState(session: StoredSession, now: Date, policy: SessionPolicy): SessionState {
  if (session.revokedAt) return 'revoked';
  if (now.getTime() >= session.refreshExpiresAt.getTime()) return 'refresh-expired';
  if (idle(session, now, policy)) return 'idle';
  return 'valid';
}

/** The ends of a new login's tokens. */
export function loginExpiry(now: Date, policy: SessionPolicy): { accessExpiresAt: Date; refreshExpiresAt: Date } {
  const refreshExpiresAt = new Date(now.getTime() + policy.refresh_ttl);
  return { accessExpiresAt: minDate(new Date(now.getTime() + policy.access_ttl), refreshExpiresAt), refreshExpiresAt };
}

/**
 * The ends after a refresh: a new access token for `access_ttl` (never past the session's end) and
 * the refresh end kept as it was (see the module comment).
 */
export function rotatedExpiry(
  session: StoredSession,
  now: Date,
  policy: SessionPolicy,
): { accessExpiresAt: Date; refreshExpiresAt: Date } {
  const refreshExpiresAt = session.refreshExpiresAt;
  return { accessExpiresAt: minDate(new Date(now.getTime() + policy.access_ttl), refreshExpiresAt), refreshExpiresAt };
}

/** True when `last_seen_at` is a minute old or more, so this request should record itself. */
export function shouldTouch(session: StoredSession, now: Date): boolean {
  return now.getTime() - session.lastSeenAt.getTime() >= TOUCH_EVERY_MS;
}

/** When the session ends if nothing uses it (from its last recorded use, or `now` when this request records one). */
export function idleExpiresAt(lastSeenAt: Date, policy: SessionPolicy): Date {
  return new Date(lastSeenAt.getTime() + policy.idle_timeout);
}

/** What a person reads when their session is refused (401). */
export function endedMessage(state: SessionState, policy: SessionPolicy): string {
  switch (state) {
    case 'idle':
      return `session ended after ${humanDuration(policy.idle_timeout)} idle: sign in again`;
    case 'expired':
      return 'session expired: refresh it (POST /api/auth/refresh) or sign in again';
    case 'refresh-expired':
      return `session ended after ${humanDuration(policy.refresh_ttl)}: sign in again`;
    default:
      return 'session ended: sign in again';
  }
}

/** `2 h`, `7 d`, `90 min`: a lifetime as the config would say it. */
export function humanDuration(ms: number): string {
  if (ms % 86_400_000 === 0) return `${ms / 86_400_000} d`;
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000} h`;
  if (ms % 60_000 === 0) return `${ms / 60_000} min`;
  return `${Math.ceil(ms / 1000)} s`;
}

function idle(session: StoredSession, now: Date, policy: SessionPolicy): boolean {
  return now.getTime() - session.lastSeenAt.getTime() > policy.idle_timeout;
}

function minDate(a: Date, b: Date): Date {
  return a.getTime() <= b.getTime() ? a : b;
}
