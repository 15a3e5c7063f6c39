import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Digest, DigestGroup } from '../core/digest.js';
import type { GroupSummarizer, SummaryContext } from './llm-summary.js';
import { applyLlmSummaries } from './summaries.js';
import { fixedWindow } from './window.js';

const at = new Date('2026-11-22T18:00:00Z');

function group(groupId: number): DigestGroup {
  return {
    groupId,
    ref: `#${groupId}`,
    totalCount: 1,
    title: `group ${groupId}`,
    severity: 'warning',
    count: 1,
    firstSeen: at,
    lastSeen: at,
    resolvedAt: null,
    durationMinutes: null,
    summary: `rules ${groupId}`,
    summaryBy: 'rules',
    pattern: null,
    woke: null,
    alerts: [],
  };
}

/** services: name → group ids; stillFiring: the groups (objects) still open. */
function digest(
  services: Record<string, number[]>,
  stillFiring: (all: DigestGroup[]) => DigestGroup[] = () => [],
): Digest {
  const built = Object.entries(services).map(([service, ids]) => ({
    service,
    count: ids.length,
    groups: ids.map(group),
  }));
  const all = built.flatMap((s) => s.groups);
  return {
    id: null,
    window: { ...fixedWindow(at, new Date(at.getTime() + 9 * 3600_000), 'Asia/Seoul') },
    generatedAt: at,
    totals: { alerts: all.length, groups: all.length, woke: 0, wouldHaveWoken: 0, wakeFailed: 0, waited: all.length },
    spend: { calls: 0, sms: 0, costUsd: 0 },
    stillFiring: stillFiring(all),
    services: built,
    checks: [],
    deliveryProblems: [],
  };
}

/** A summarizer whose every answer the test settles by hand, and which counts what is in flight. */
function controlled() {
  const calls: Array<{
    group: DigestGroup;
    context: SummaryContext;
    answer(text: string | null): void;
    fail(error: Error): void;
  }> = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const summarizer: GroupSummarizer = {
    summarize(group, context) {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      return new Promise<string | null>((resolve, reject) => {
        const done = () => inFlight--;
        calls.push({
          group,
          context,
          answer: (text) => {
            done();
            resolve(text);
          },
          fail: (error) => {
            done();
            reject(error);
          },
        });
      });
    },
  };
  return { summarizer, calls, maxInFlight: () => maxInFlight };
}

/** Lets the pending promise callbacks run (no timers involved). */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));
const summaries = (d: Digest) => d.services.flatMap((s) => s.groups.map((g) => [g.groupId, g.summaryBy, g.summary]));

afterEach(() => {
  vi.useRealTimers();
});

describe('applyLlmSummaries', () => {
  it('uses each good answer and keeps the rules text per group otherwise, asking once per group id', async () => {
    const d = digest({ payments: [1, 2], worker: [3, 4] }, (all) => [all[0]!, { ...all[3]! }]);
    const { summarizer, calls } = controlled();
    const run = applyLlmSummaries(d, summarizer, { concurrency: 4, deadlineMs: 60_000 });
    await settle();
    expect(calls.map((c) => [c.group.groupId, c.context])).toEqual([
      [1, { service: 'payments', timezone: 'Asia/Seoul' }],
      [2, { service: 'payments', timezone: 'Asia/Seoul' }],
      [3, { service: 'worker', timezone: 'Asia/Seoul' }],
      [4, { service: 'worker', timezone: 'Asia/Seoul' }],
    ]);
    calls[0]!.answer('claude 1');
    calls[1]!.answer(null);
    calls[2]!.fail(new Error('a summarizer that breaks its contract'));
    calls[3]!.answer('claude 4');
    expect(await run).toEqual({ written: 2, fellBack: 2 });
    expect(summaries(d)).toEqual([
      [1, 'llm', 'claude 1'],
      [2, 'rules', 'rules 2'],
      [3, 'rules', 'rules 3'],
      [4, 'llm', 'claude 4'],
    ]);
    // The same object, and a copy with the same id, both show Claude's text.
    expect(d.stillFiring.map((g) => [g.groupId, g.summaryBy, g.summary])).toEqual([
      [1, 'llm', 'claude 1'],
      [4, 'llm', 'claude 4'],
    ]);
  });

  it('keeps at most `concurrency` questions in flight, starting the next as one finishes', async () => {
    const d = digest({ api: [1, 2, 3, 4, 5, 6, 7] });
    const { summarizer, calls, maxInFlight } = controlled();
    const run = applyLlmSummaries(d, summarizer, { concurrency: 3, deadlineMs: 60_000 });
    await settle();
    expect(calls).toHaveLength(3);
    calls[1]!.answer('two');
    await settle();
    expect(calls).toHaveLength(4);
    for (let i = 0; i < 7; i++) {
      await settle();
      calls[i]?.answer(`answer ${i}`);
    }
    expect(await run).toEqual({ written: 7, fellBack: 0 });
    expect(calls).toHaveLength(7);
    expect(maxInFlight()).toBe(3);
  });

  it('at the deadline, leaves every group not done with its rules text, and ignores late answers', async () => {
    vi.useFakeTimers();
    const d = digest({ api: [1, 2, 3] });
    const { summarizer, calls } = controlled();
    const run = applyLlmSummaries(d, summarizer, { concurrency: 2, deadlineMs: 15_000 });
    await vi.advanceTimersByTimeAsync(0);
    calls[0]!.answer('in time');
    await vi.advanceTimersByTimeAsync(15_000);
    expect(await run).toEqual({ written: 1, fellBack: 2 });
    expect(calls.map((c) => c.group.groupId)).toEqual([1, 2, 3]);

    calls[1]!.answer('too late');
    calls[2]!.answer('too late');
    await vi.advanceTimersByTimeAsync(0);
    expect(summaries(d)).toEqual([
      [1, 'llm', 'in time'],
      [2, 'rules', 'rules 2'],
      [3, 'rules', 'rules 3'],
    ]);
  });

  it('does not start questions after the deadline', async () => {
    vi.useFakeTimers();
    const d = digest({ api: [1, 2, 3] });
    const { summarizer, calls } = controlled();
    const run = applyLlmSummaries(d, summarizer, { concurrency: 1, deadlineMs: 1_000 });
    await vi.advanceTimersByTimeAsync(1_000);
    expect(await run).toEqual({ written: 0, fellBack: 3 });
    calls[0]!.answer('late');
    await vi.advanceTimersByTimeAsync(0);
    expect(calls).toHaveLength(1);
    expect(summaries(d).every(([, by]) => by === 'rules')).toBe(true);
  });

  it('an empty digest asks nothing', async () => {
    const { summarizer, calls } = controlled();
    expect(await applyLlmSummaries(digest({}), summarizer, { concurrency: 4, deadlineMs: 1_000 })).toEqual({
      written: 0,
      fellBack: 0,
    });
    expect(calls).toHaveLength(0);
  });
});
