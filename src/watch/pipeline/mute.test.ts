import { describe, expect, it } from 'vitest';
import type { NormalizedAlert } from '../../core/alert.js';
import type { AlertGroup } from '../../core/watch.js';
import { mute } from './mute.js';
import type { PipelineDeps } from './types.js';

// The mute stage alone: it asks the injected mute check about each group's latest alert.

const NOW = new Date('2026-11-22T03:00:00Z');
const alertWith = (id: string, service: string) => ({ id, service }) as NormalizedAlert;
const groupOf = (id: number, lastAlertId: string) => ({ id, lastAlertId }) as AlertGroup;

function deps(alerts: NormalizedAlert[], asked: Array<[string, Date]>): PipelineDeps {
  return {
    alertById: async (id) => alerts.find((a) => a.id === id) ?? null,
    muted: async (alert, now) => {
      asked.push([alert.id, now]);
      return alert.service === 'db' ? 'silenced by #1' : null;
    },
    now: () => NOW,
  } as Partial<PipelineDeps> as PipelineDeps;
}

describe('mute stage', () => {
  it("says per group, in order, why its latest alert is muted at the pipeline's now", async () => {
    const asked: Array<[string, Date]> = [];
    const d = deps([alertWith('a1', 'api'), alertWith('a2', 'db')], asked);
    const verdicts = await mute([groupOf(1, 'a1'), groupOf(2, 'a2')], d);
    expect(verdicts.map((v) => [v.group.id, v.mutedBy])).toEqual([
      [1, null],
      [2, 'silenced by #1'],
    ]);
    expect(asked).toEqual([
      ['a1', NOW],
      ['a2', NOW],
    ]);
  });

  it('does not mute a group whose latest alert is no longer stored, and asks nothing about it', async () => {
    const asked: Array<[string, Date]> = [];
    expect(await mute([groupOf(3, 'gone')], deps([], asked))).toEqual([{ group: groupOf(3, 'gone'), mutedBy: null }]);
    expect(asked).toEqual([]);
  });
});
