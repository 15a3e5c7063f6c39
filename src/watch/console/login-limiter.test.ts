import { describe, expect, it } from 'vitest';
import { LoginLimiter } from './login-limiter.js';

const limits = { max_failures_per_user: 5, max_failures_per_address: 20, window: 15 * 60_000, lockout: 15 * 60_000 };
const t0 = Date.parse('2026-12-01T08:00:00Z');
const at = (ms: number) => new Date(t0 + ms);

describe('the login limiter', () => {
  it('locks a name after 5 failures within the window, for the lockout, from any address', () => {
    const limiter = new LoginLimiter(() => limits);
    for (let i = 0; i < 4; i++) expect(limiter.failed('ana', `10.0.0.${i}`, at(i * 1000))).toBe(0);
    expect(limiter.retryAfterMs('ana', '10.0.0.9', at(5000))).toBe(0);
    expect(limiter.failed('ana', '10.0.0.5', at(5000))).toBe(15 * 60_000);
    expect(limiter.retryAfterMs('ana', '10.0.0.99', at(65_000))).toBe(15 * 60_000 - 60_000);
    expect(limiter.retryAfterMs('bob', '10.0.0.99', at(65_000))).toBe(0);
    expect(limiter.retryAfterMs('ana', '10.0.0.99', at(5000 + 15 * 60_000))).toBe(0);
  });

  it('failures spread over more than the window do not add up', () => {
    const limiter = new LoginLimiter(() => limits);
    for (let i = 0; i < 4; i++) limiter.failed('ana', 'a', at(i));
    expect(limiter.failed('ana', 'a', at(15 * 60_000))).toBe(0);
  });

  it('locks an address after its own limit, whatever names it tries', () => {
    const limiter = new LoginLimiter(() => ({ ...limits, max_failures_per_address: 3 }));
    limiter.failed('a', '203.0.113.7', at(0));
    limiter.failed('b', '203.0.113.7', at(1));
    expect(limiter.failed('c', '203.0.113.7', at(2))).toBe(15 * 60_000);
    expect(limiter.retryAfterMs('someone-else', '203.0.113.7', at(3))).toBeGreaterThan(0);
    expect(limiter.retryAfterMs('someone-else', '198.51.100.1', at(3))).toBe(0);
  });

  it("a success clears the name's count, not the address's", () => {
    const limiter = new LoginLimiter(() => ({ ...limits, max_failures_per_address: 6 }));
    for (let i = 0; i < 4; i++) limiter.failed('ana', 'x', at(i));
    limiter.succeeded('ana');
    expect(limiter.failed('ana', 'x', at(10))).toBe(0);
    expect(limiter.failed('ana', 'x', at(11))).toBe(15 * 60_000); // the address's sixth
  });
});
