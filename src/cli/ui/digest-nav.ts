import type { Severity } from '../../core/alert.js';

/** Where the digest browser is: the list of alert types, or one open type and its selected alert. */
export interface DigestNavState {
  screen: 'list' | 'group';
  /** The selected alert type, an index into the digest's groups in service order. */
  group: number;
  /** The selected alert of the open group. */
  alert: number;
  /** After `w`: waiting for the right severity (1/2/3) or Esc. */
  asking: boolean;
  /** A verdict is being recorded; further verdicts wait for it (one writer at a time). */
  pending: boolean;
  /** The last verdict's outcome, shown under the alert until the person moves on. */
  status: { text: string; error: boolean } | null;
}

export const initialDigestNav: DigestNavState = {
  screen: 'list',
  group: 0,
  alert: 0,
  asking: false,
  pending: false,
  status: null,
};

/** A change to the browser's state; `sizes[i]` is how many alerts group i holds. */
export type DigestNavAction =
  | { type: 'move'; by: number }
  | { type: 'open' }
  | { type: 'back' }
  | { type: 'ask' }
  | { type: 'cancel' }
  | { type: 'recording' }
  | { type: 'status'; text: string; error: boolean };

/** What one key press means: a state change, a verdict to record on the selected alert, or quitting. */
export type DigestIntent =
  | { kind: 'nav'; action: DigestNavAction }
  | { kind: 'feedback'; verdict: 'correct' | 'wrong'; severity?: Severity }
  | { kind: 'quit'; interrupted: boolean };

/** The parts of ink's `Key` the browser reads (so this module needs no ink). */
export interface KeyPress {
  upArrow?: boolean;
  downArrow?: boolean;
  pageUp?: boolean;
  pageDown?: boolean;
  return?: boolean;
  escape?: boolean;
  backspace?: boolean;
  delete?: boolean;
  ctrl?: boolean;
}

const PAGE = 10;
const ANSWERS: Record<string, Severity> = { '1': 'critical', '2': 'warning', '3': 'info' };
const clamp = (value: number, max: number) => Math.max(0, Math.min(value, max));

/** Maps a key press to what it means on the current screen; null for keys that do nothing there. */
export function intentOf(state: DigestNavState, input: string, key: KeyPress): DigestIntent | null {
  if (key.ctrl && input === 'c') return { kind: 'quit', interrupted: true };
  if (input === 'q') return { kind: 'quit', interrupted: false };
  if (state.asking) {
    const severity = ANSWERS[input];
    if (severity) return { kind: 'feedback', verdict: 'wrong', severity };
    return key.escape ? { kind: 'nav', action: { type: 'cancel' } } : null;
  }
  const by =
    key.upArrow || input === 'k'
      ? -1
      : key.downArrow || input === 'j'
        ? 1
        : key.pageUp
          ? -PAGE
          : key.pageDown
            ? PAGE
            : 0;
  if (by) return { kind: 'nav', action: { type: 'move', by } };
  if (state.screen === 'list') return key.return ? { kind: 'nav', action: { type: 'open' } } : null;
  // Terminals send DEL (0x7f) for Backspace, which ink reports as `delete`.
  if (key.escape || key.backspace || key.delete) return { kind: 'nav', action: { type: 'back' } };
  if (state.pending) return null;
  if (input === 'c') return { kind: 'feedback', verdict: 'correct' };
  if (input === 'w') return { kind: 'nav', action: { type: 'ask' } };
  return null;
}

/** Folds one action into the state (pure); cursors stay within the list and the open group. */
export function digestNav(state: DigestNavState, action: DigestNavAction, sizes: readonly number[]): DigestNavState {
  switch (action.type) {
    case 'move':
      if (state.screen === 'list') return { ...state, group: clamp(state.group + action.by, sizes.length - 1) };
      return {
        ...state,
        alert: clamp(state.alert + action.by, (sizes[state.group] ?? 1) - 1),
        asking: false,
        status: null,
      };
    case 'open':
      return sizes.length === 0 ? state : { ...state, screen: 'group', alert: 0, asking: false, status: null };
    case 'back':
      return { ...state, screen: 'list', asking: false, status: null };
    case 'ask':
      return { ...state, asking: true, status: null };
    case 'cancel':
      return { ...state, asking: false };
    case 'recording':
      return { ...state, asking: false, pending: true, status: { text: 'recording…', error: false } };
    case 'status':
      return { ...state, pending: false, status: { text: action.text, error: action.error } };
  }
}

/**
 * The slice of a `total`-long list to draw in `size` rows so the cursor is in view: it keeps the
 * cursor near the middle, so moving scrolls one row at a time instead of jumping a page.
 */
export function windowOf(cursor: number, total: number, size: number): { start: number; end: number } {
  if (total <= size) return { start: 0, end: total };
  const start = clamp(cursor - Math.floor(size / 2), total - size);
  return { start, end: start + size };
}
