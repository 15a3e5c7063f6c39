import { describe, expect, it } from 'vitest';
import {
  digestNav,
  initialDigestNav,
  intentOf,
  windowOf,
  type DigestNavAction,
  type DigestNavState,
  type KeyPress,
} from './digest-nav.js';

// Three alert types holding 2, 5 and 1 alerts.
const SIZES = [2, 5, 1];
const fold = (actions: DigestNavAction[], sizes = SIZES) =>
  actions.reduce((s, a) => digestNav(s, a, sizes), initialDigestNav);
const press = (state: DigestNavState, input: string, key: KeyPress = {}) => intentOf(state, input, key);
const move = (by: number): DigestNavAction => ({ type: 'move', by });

describe('digestNav', () => {
  it('moves through the list within its ends, and opens the selected type at its first alert', () => {
    expect(fold([move(-1)]).group).toBe(0);
    expect(fold([move(1), move(1), move(1), move(1)]).group).toBe(2);
    const open = fold([move(1), { type: 'open' }]);
    expect(open).toMatchObject({ screen: 'group', group: 1, alert: 0 });
  });

  it('in an open type, moves between its alerts and goes back to the list where it was', () => {
    const open = fold([move(1), { type: 'open' }, move(3), move(10)]);
    expect(open.alert).toBe(4);
    expect(digestNav(open, move(-10), SIZES).alert).toBe(0);
    expect(digestNav(open, { type: 'back' }, SIZES)).toMatchObject({ screen: 'list', group: 1 });
  });

  it('opening an empty digest does nothing', () => {
    expect(fold([{ type: 'open' }], [])).toEqual(initialDigestNav);
  });

  it('asks for a severity, records, then shows the outcome until the person moves on', () => {
    const asking = fold([{ type: 'open' }, { type: 'ask' }]);
    expect(asking.asking).toBe(true);
    expect(digestNav(asking, { type: 'cancel' }, SIZES).asking).toBe(false);
    const recording = digestNav(asking, { type: 'recording' }, SIZES);
    expect(recording).toMatchObject({ asking: false, pending: true, status: { text: 'recording…', error: false } });
    const done = digestNav(recording, { type: 'status', text: 'recorded', error: false }, SIZES);
    expect(done).toMatchObject({ pending: false, status: { text: 'recorded' } });
    expect(digestNav(done, move(1), SIZES).status).toBeNull();
  });

  it('does not change the state it was given', () => {
    const before = fold([{ type: 'open' }]);
    const copy = structuredClone(before);
    digestNav(before, move(1), SIZES);
    expect(before).toEqual(copy);
  });
});

describe('intentOf', () => {
  const list = initialDigestNav;
  const group = fold([{ type: 'open' }]);
  const asking = digestNav(group, { type: 'ask' }, SIZES);

  it('moves with the arrows, j/k and page keys, on both screens', () => {
    for (const state of [list, group]) {
      expect(press(state, '', { downArrow: true })).toEqual({ kind: 'nav', action: move(1) });
      expect(press(state, 'j')).toEqual({ kind: 'nav', action: move(1) });
      expect(press(state, '', { upArrow: true })).toEqual({ kind: 'nav', action: move(-1) });
      expect(press(state, 'k')).toEqual({ kind: 'nav', action: move(-1) });
      expect(press(state, '', { pageDown: true })).toEqual({ kind: 'nav', action: move(10) });
    }
  });

  it('Enter opens from the list; Esc, Backspace (DEL) and Backspace (BS) go back from a type', () => {
    expect(press(list, '', { return: true })).toEqual({ kind: 'nav', action: { type: 'open' } });
    for (const key of [{ escape: true }, { delete: true }, { backspace: true }])
      expect(press(group, '', key)).toEqual({ kind: 'nav', action: { type: 'back' } });
    expect(press(list, '', { escape: true })).toBeNull();
  });

  it('c marks correct; w asks, then 1/2/3 pick the severity and Esc cancels', () => {
    expect(press(group, 'c')).toEqual({ kind: 'feedback', verdict: 'correct' });
    expect(press(group, 'w')).toEqual({ kind: 'nav', action: { type: 'ask' } });
    expect(press(asking, '1')).toEqual({ kind: 'feedback', verdict: 'wrong', severity: 'critical' });
    expect(press(asking, '2')).toEqual({ kind: 'feedback', verdict: 'wrong', severity: 'warning' });
    expect(press(asking, '3')).toEqual({ kind: 'feedback', verdict: 'wrong', severity: 'info' });
    expect(press(asking, '', { escape: true })).toEqual({ kind: 'nav', action: { type: 'cancel' } });
    expect(press(asking, 'j')).toBeNull();
    // Verdicts belong to an open alert, and wait while one is being recorded.
    expect(press(list, 'c')).toBeNull();
    expect(press(digestNav(group, { type: 'recording' }, SIZES), 'w')).toBeNull();
  });

  it('q quits and Ctrl-C interrupts, on every screen', () => {
    for (const state of [list, group, asking]) {
      expect(press(state, 'q')).toEqual({ kind: 'quit', interrupted: false });
      expect(press(state, 'c', { ctrl: true })).toEqual({ kind: 'quit', interrupted: true });
    }
  });
});

describe('windowOf', () => {
  it('shows everything that fits', () => {
    expect(windowOf(3, 5, 10)).toEqual({ start: 0, end: 5 });
  });

  it('keeps the cursor in view, near the middle, and the window within the list', () => {
    expect(windowOf(0, 100, 10)).toEqual({ start: 0, end: 10 });
    expect(windowOf(50, 100, 10)).toEqual({ start: 45, end: 55 });
    expect(windowOf(99, 100, 10)).toEqual({ start: 90, end: 100 });
    for (let cursor = 0; cursor < 100; cursor++) {
      const { start, end } = windowOf(cursor, 100, 7);
      expect(end - start).toBe(7);
      expect(cursor >= start && cursor < end).toBe(true);
    }
  });
});
