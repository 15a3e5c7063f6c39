import { describe, expect, it } from 'vitest';
import { CheckTracker, type Transition } from './state.js';
import type { ProbeResult } from './types.js';

const start = Date.parse('2025-03-01T03:00:00Z');
/** Probe `n` of a check probed once a minute. */
const at = (n: number) => new Date(start + n * 60_000).toISOString();
const ok = (n: number, ms = 50): ProbeResult => ({ ok: true, at: at(n), ms, status: 200 });
const fail = (n: number): ProbeResult => ({
  ok: false,
  at: at(n),
  ms: 7000,
  errorType: 'timeout',
  error: 'no answer within 7000 ms',
});

function feed(tracker: CheckTracker, results: ProbeResult[]): Transition[] {
  return results.map((r) => tracker.observe(r)).filter((t): t is Transition => t !== null);
}

describe('CheckTracker', () => {
  it('starts unknown and turns up on the first success without a transition', () => {
    const tracker = new CheckTracker({ failureThreshold: 3, successThreshold: 2 });
    expect(tracker.snapshot()).toEqual({ state: 'unknown', consecutiveFailures: 0, consecutiveSuccesses: 0 });
    expect(tracker.observe(ok(0))).toBeNull();
    expect(tracker.snapshot()).toEqual({ state: 'up', consecutiveFailures: 0, consecutiveSuccesses: 1, last: ok(0) });
  });

  it('goes down once after 3 failures and up once after 2 successes, with the downtime', () => {
    const tracker = new CheckTracker({ failureThreshold: 3, successThreshold: 2 });
    const results = [ok(0), fail(1), fail(2), fail(3), fail(4), ok(5), ok(6), ok(7)];
    const transitions = feed(tracker, results);
    expect(transitions).toEqual([
      { kind: 'down', since: at(1), result: fail(3) },
      // Down from the first failing probe to the first probe that answered again.
      { kind: 'up', downSince: at(1), downtimeMs: 4 * 60_000, result: ok(6) },
    ]);
    expect(tracker.snapshot()).toMatchObject({ state: 'up', consecutiveSuccesses: 3, consecutiveFailures: 0 });
  });

  it('ignores blips shorter than the thresholds', () => {
    const tracker = new CheckTracker({ failureThreshold: 3, successThreshold: 2 });
    expect(feed(tracker, [ok(0), fail(1), fail(2), ok(3), fail(4), fail(5), ok(6)])).toEqual([]);
    expect(feed(tracker, [fail(7), fail(8), fail(9), ok(10), fail(11), ok(12), ok(13)]).map((t) => t.kind)).toEqual([
      'down',
      'up',
    ]);
  });

  it('reports where the outage began while down, and a check that never worked goes down too', () => {
    const tracker = new CheckTracker({ failureThreshold: 2, successThreshold: 1 });
    expect(feed(tracker, [fail(0), fail(1)])).toEqual([{ kind: 'down', since: at(0), result: fail(1) }]);
    expect(tracker.snapshot()).toMatchObject({ state: 'down', downSince: at(0), consecutiveFailures: 2 });
    expect(tracker.observe(ok(2))).toEqual({ kind: 'up', downSince: at(0), downtimeMs: 2 * 60_000, result: ok(2) });
    expect(tracker.snapshot().downSince).toBeUndefined();
  });

  it('raises slow once per slow spell', () => {
    const tracker = new CheckTracker({ failureThreshold: 1, successThreshold: 1, slowMs: 1000 });
    const transitions = feed(tracker, [
      ok(0, 200),
      ok(1, 1500),
      ok(2, 2000),
      fail(3),
      ok(4, 1800), // the outage ends one spell
      ok(5, 1800),
      ok(6, 300),
      ok(7, 1200),
      ok(8, 1000),
    ]);
    expect(transitions.map((t) => [t.kind, t.result.at])).toEqual([
      ['slow', at(1)],
      ['down', at(3)],
      ['up', at(4)],
      ['slow', at(5)],
      ['slow', at(7)],
    ]);
  });

  it('never raises slow without slowMs', () => {
    const tracker = new CheckTracker({ failureThreshold: 3, successThreshold: 2 });
    expect(feed(tracker, [ok(0, 60_000), ok(1, 60_000)])).toEqual([]);
  });
});
