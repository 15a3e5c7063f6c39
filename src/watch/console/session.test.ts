import { describe, expect, it } from 'vitest';
import type { StoredSession } from '../../store/console-types.js';
import {
  accessState,
  endedMessage,
  idleExpiresAt,
  loginExpiry,
  refreshState,
  rotatedExpiry,
  shouldTouch,
} from './session.js';

const H = 3_600_000;
const policy = { access_ttl: 24 * H, refresh_ttl: 7 * 24 * H, idle_timeout: 2 * H };
const t0 = new Date('2026-12-01T08:00:00Z');
const at = (ms: number) => new Date(t0.getTime() + ms);

function session(overrides: Partial<StoredSession> = {}): StoredSession {
  const { accessExpiresAt, refreshExpiresAt } = loginExpiry(t0, policy);
  return {
    id: 1,
    userId: 1,
    createdAt: t0,
    accessExpiresAt,
    refreshExpiresAt,
    lastSeenAt: t0,
    revokedAt: null,
    ...overrides,
  };
}

describe('the session policy', () => {
  it('a login gives 24 h of access and 7 d of refresh', () => {
    expect(loginExpiry(t0, policy)).toEqual({ accessExpiresAt: at(24 * H), refreshExpiresAt: at(7 * 24 * H) });
  });

  it('the access token ends at its expiry even while in use', () => {
    const used = (ms: number) => session({ lastSeenAt: at(ms - 60_000) });
    expect(accessState(used(24 * H - 1), at(24 * H - 1), policy)).toBe('valid');
    expect(accessState(used(24 * H), at(24 * H), policy)).toBe('expired');
    expect(endedMessage('expired', policy)).toMatch(/refresh/);
  });

  it('a session unused for more than idle_timeout is refused, saying so; exactly at the limit it still counts', () => {
    expect(accessState(session(), at(2 * H), policy)).toBe('valid');
    expect(accessState(session(), at(2 * H + 1), policy)).toBe('idle');
    expect(endedMessage('idle', policy)).toBe('session ended after 2 h idle: sign in again');
    expect(idleExpiresAt(t0, policy)).toEqual(at(2 * H));
  });

  it('a revoked session is refused before anything else', () => {
    expect(accessState(session({ revokedAt: t0 }), at(1), policy)).toBe('revoked');
    expect(refreshState(session({ revokedAt: t0 }), at(1), policy)).toBe('revoked');
  });

  it('refresh: allowed until the refresh end unless idle; the rotation renews access and keeps the refresh end', () => {
    const active = session({ lastSeenAt: at(30 * H) });
    expect(refreshState(active, at(30 * H + 1), policy)).toBe('valid');
    const rotated = rotatedExpiry(active, at(30 * H), policy);
    expect(rotated).toEqual({ accessExpiresAt: at(54 * H), refreshExpiresAt: at(7 * 24 * H) });
    expect(refreshState(session({ lastSeenAt: at(30 * H) }), at(32 * H + 1), policy)).toBe('idle');
    const late = session({ lastSeenAt: at(7 * 24 * H - 1) });
    expect(refreshState(late, at(7 * 24 * H), policy)).toBe('refresh-expired');
    expect(endedMessage('refresh-expired', policy)).toBe('session ended after 7 d: sign in again');
  });

  it('near the session end a rotated access token never outlives the refresh end', () => {
    const rotated = rotatedExpiry(session(), at(7 * 24 * H - H), policy);
    expect(rotated.accessExpiresAt).toEqual(at(7 * 24 * H));
  });

  it('last_seen_at is written at most once a minute', () => {
    expect(shouldTouch(session(), at(59_999))).toBe(false);
    expect(shouldTouch(session(), at(60_000))).toBe(true);
  });
});
