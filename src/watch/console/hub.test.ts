import { describe, expect, it } from 'vitest';
import type { SequencedEvent } from '../../core/console.js';
import { ConsoleHub } from './hub.js';

const at = () => new Date('2026-12-05T10:00:00.000Z');
const deleted = (n: number) => ({ type: 'incident.deleted' as const, incidentId: `inc-2026-${n}`, by: 'ana' });

describe('ConsoleHub', () => {
  it('numbers events, hands them to listeners and replays what a reconnecting client missed', () => {
    const hub = new ConsoleHub(5, at);
    const heard: SequencedEvent[] = [];
    const stop = hub.subscribe((event) => heard.push(event));
    expect(hub.seq()).toBe(0);
    expect(hub.since(0)).toEqual([]);
    for (const n of [1, 2, 3]) hub.publish(deleted(n));
    expect(heard.map((e) => e.seq)).toEqual([1, 2, 3]);
    expect(heard[0]).toEqual({ ...deleted(1), seq: 1, at: '2026-12-05T10:00:00.000Z' });
    expect(hub.since(1)).toEqual(heard.slice(1));
    expect(hub.since(3)).toEqual([]);
    stop();
    hub.publish(deleted(4));
    expect(heard).toHaveLength(3);
    expect(hub.since(3)).toEqual([{ ...deleted(4), seq: 4, at: '2026-12-05T10:00:00.000Z' }]);
  });

  it('asks for a resync when the missed events are no longer kept, or the client is ahead of it', () => {
    const hub = new ConsoleHub(5, at);
    for (let n = 1; n <= 12; n++) hub.publish(deleted(n));
    // The ring holds 8..12: a client at 7 missed only kept events, one at 6 missed event 7.
    expect((hub.since(7) as SequencedEvent[]).map((e) => e.seq)).toEqual([8, 9, 10, 11, 12]);
    expect(hub.since(6)).toBe('resync');
    expect(hub.since(0)).toBe('resync');
    // A seq from before a restart of the daemon, or nonsense.
    expect(hub.since(13)).toBe('resync');
    expect(hub.since(-1)).toBe('resync');
    expect(hub.since(Number.NaN)).toBe('resync');
  });

  it('keeps the last 1,000 events by default', () => {
    const hub = new ConsoleHub();
    for (let n = 1; n <= 1_500; n++) hub.publish(deleted(n));
    const missed = hub.since(500) as SequencedEvent[];
    expect(missed).toHaveLength(1_000);
    expect(missed[0]?.seq).toBe(501);
    expect(hub.since(499)).toBe('resync');
  });

  it('pushes presence per incident as people view, edit, move on and leave', () => {
    const hub = new ConsoleHub(100, at);
    const heard: SequencedEvent[] = [];
    hub.subscribe((event) => heard.push(event));
    const [tabA, tabB, tabC] = [{}, {}, {}];
    const ana = { userId: 1, name: 'ana' };
    const bo = { userId: 2, name: 'bo' };

    hub.present(tabA, ana, 'inc-1');
    hub.present(tabB, bo, 'inc-1', 'title');
    // The same state again is no news.
    hub.present(tabB, bo, 'inc-1', 'title');
    // Ana's second tab edits: she shows once, as editing.
    hub.present(tabC, ana, 'inc-1', 'description');
    expect(hub.people('inc-1')).toEqual([
      { userId: 1, name: 'ana', editing: 'description' },
      { userId: 2, name: 'bo', editing: 'title' },
    ]);
    hub.present(tabB, bo, 'inc-2');
    hub.leave(tabC);
    hub.leave(tabC);
    hub.present(tabA, ana, null);

    const presence = heard.map((e) => (e.type === 'presence' ? [e.incidentId, e.people.map((p) => p.name)] : e));
    expect(presence).toEqual([
      ['inc-1', ['ana']],
      ['inc-1', ['ana', 'bo']],
      ['inc-1', ['ana', 'bo']],
      ['inc-1', ['ana']],
      ['inc-2', ['bo']],
      ['inc-1', ['ana']],
      ['inc-1', []],
    ]);
    expect(hub.people('inc-1')).toEqual([]);
    expect(hub.people('inc-2')).toEqual([{ userId: 2, name: 'bo', editing: null }]);
  });
});
