import { EventEmitter } from 'node:events';
import { stripVTControlCharacters as plain } from 'node:util';
import { describe, expect, it, vi } from 'vitest';
import type { Severity, TriageResult } from '../../core/alert.js';
import type { AlertGroup, RouteDecision } from '../../core/watch.js';
import type { WatchEvent } from '../../app/watch/events.js';

// Colour support is decided when chalk loads; force it so a frame shows whether the view asked
// for colour, whatever terminal runs the tests. Hence the dynamic imports after this line.
process.env.FORCE_COLOR = '1';
const { render } = await import('ink-testing-library');
const { WatchView, formatUptime, initialWatchViewState, renderWatchView, watchViewReducer } = await import(
  './watch-view.js'
);

const ESC = '\u001b[';
const RED = `${ESC}31m`;

let seq = 0;
function alert(severity: Severity, title: string, extra: Partial<TriageResult['alert']> = {}): WatchEvent {
  seq += 1;
  return {
    kind: 'alert',
    result: {
      alert: {
        id: `a${seq}`,
        source: 'generic',
        service: 'payments',
        title,
        body: '',
        labels: {},
        status: 'firing',
        severityHint: severity,
        severityText: severity,
        fingerprint: `f${seq}`,
        receivedAt: '2025-03-01T02:03:04.000Z',
        raw: {},
        ...extra,
      },
      severity,
      confidence: 0.9,
      classifier: 'rule',
      reason: 'rule test',
    },
  };
}

function routed(target: RouteDecision['target'], title: string): WatchEvent {
  const group: AlertGroup = {
    id: 7,
    key: 'k',
    service: 'payments',
    title,
    severity: 'critical',
    state: 'open',
    firstSeen: new Date('2025-03-01T02:03:04Z'),
    lastSeen: new Date('2025-03-01T02:03:05Z'),
    alertCount: 2,
    lastAlertId: 'a1',
    resolvedAt: null,
    routedAt: new Date('2025-03-01T02:03:06Z'),
    routedCount: 2,
    routedSeverity: 'critical',
  };
  return {
    kind: 'routed',
    group,
    decision: {
      target,
      severity: target === 'wake' ? 'critical' : 'warning',
      reason: target === 'wake' ? 'critical: wake now' : 'queued for the digest',
    },
  };
}

const fold = (events: WatchEvent[]) => events.reduce(watchViewReducer, initialWatchViewState);

describe('watchViewReducer', () => {
  it('counts alerts by severity and keeps the newest 15, newest first', () => {
    const events = Array.from({ length: 20 }, (_, i) => alert(i % 4 === 0 ? 'critical' : 'info', `alert ${i}`));
    const state = fold(events);
    expect(state.counts).toEqual({ critical: 5, warning: 0, info: 15 });
    expect(state.alerts).toHaveLength(15);
    expect(state.alerts[0]).toMatchObject({
      title: 'alert 19',
      severity: 'info',
      source: 'generic',
      service: 'payments',
      classifier: 'rule',
    });
    expect(state.alerts.at(-1)?.title).toBe('alert 5');
  });

  it('records the address, open groups, routing decisions and check states', () => {
    const state = fold([
      { kind: 'listening', host: '127.0.0.1', port: 9117 },
      routed('digest', 'disk 80%'),
      routed('wake', 'payments API down'),
      { kind: 'groups', open: 3 },
      {
        kind: 'check',
        check: 'api',
        result: { ok: true, at: '2025-03-01T02:03:04Z', ms: 42, status: 200 },
        state: 'up',
      },
      {
        kind: 'check',
        check: 'db',
        result: { ok: false, at: '2025-03-01T02:03:04Z', ms: 7000, errorType: 'timeout', error: 'no answer in 7s' },
        state: 'down',
      },
    ]);
    expect(state.listening).toEqual({ host: '127.0.0.1', port: 9117 });
    expect(state.openGroups).toBe(3);
    expect(state.routes.map((r) => r.target)).toEqual(['wake', 'digest']);
    expect(state.routes[0]).toMatchObject({
      group: 7,
      title: 'payments API down',
      alerts: 2,
      at: '2025-03-01T02:03:06.000Z',
    });
    expect(state.checks.api).toMatchObject({ state: 'up', ok: true, ms: 42, error: null });
    expect(state.checks.db).toMatchObject({ state: 'down', ok: false, error: 'timeout: no answer in 7s' });
  });

  it('does not change the state it was given', () => {
    const before = fold([alert('warning', 'slow')]);
    const copy = structuredClone(before);
    watchViewReducer(before, alert('critical', 'down'));
    expect(before).toEqual(copy);
  });
});

describe('WatchView', () => {
  const state = fold([
    { kind: 'listening', host: '127.0.0.1', port: 9117 },
    alert('info', 'nightly backup finished'),
    alert('critical', 'payments API down'),
    routed('wake', 'payments API down'),
    { kind: 'groups', open: 1 },
    {
      kind: 'check',
      check: 'db',
      result: {
        ok: false,
        at: '2025-03-01T02:03:04Z',
        ms: 3,
        errorType: 'connection',
        error: 'connect ECONNREFUSED 127.0.0.1:5432',
      },
      state: 'down',
    },
    { kind: 'check', check: 'api', result: { ok: true, at: '2025-03-01T02:03:04Z', ms: 42 }, state: 'up' },
  ]);

  it('shows the header, the alert feed, routing and checks', () => {
    const { lastFrame, unmount } = render(<WatchView state={state} startedAt={0} now={125_000} color={false} />);
    const frame = plain(lastFrame() ?? '');
    unmount();
    expect(frame).toContain('listening on http://127.0.0.1:9117');
    expect(frame).toContain('up 2m 05s');
    expect(frame).toMatch(/1 critical · 0 warning · 1 info · 1 open group\b/);
    expect(frame).toMatch(/02:03:04 {2}critical {2}generic {2}payments {2}payments API down {2}\(rule\)/);
    expect(frame.indexOf('payments API down')).toBeLessThan(frame.indexOf('nightly backup finished'));
    expect(frame).toMatch(/02:03:06 {2}WAKE {4}payments {2}payments API down {2}×2 {2}— critical: wake now/);
    expect(frame).toMatch(
      /Checks · 1 up, 1 down\nDOWN {2}db {2}connection: connect ECONNREFUSED 127.0.0.1:5432\nup {4}api {2}42 ms/,
    );
  });

  it('colours by severity, and not at all when colour is off', () => {
    const coloured = render(<WatchView state={state} startedAt={0} now={0} color={true} />);
    const plain = render(<WatchView state={state} startedAt={0} now={0} color={false} />);
    const [withColour, without] = [coloured.lastFrame() ?? '', plain.lastFrame() ?? ''];
    coloured.unmount();
    plain.unmount();
    const line = withColour.split('\n').find((l) => l.includes('critical') && l.includes('payments API down')) ?? '';
    expect(line).toContain(RED);
    expect(withColour).toMatch(/\u001b\[3[13]m|\u001b\[2m/);
    // Bold headings stay (NO_COLOR is about colour); no colour or dim codes.
    expect(without).not.toMatch(/\u001b\[(3\dm|2m|7m)/);
  });

  it('says what to do before the first alert', () => {
    const waiting = fold([{ kind: 'listening', host: '::1', port: 9000 }]);
    const { lastFrame, unmount } = render(<WatchView state={waiting} startedAt={0} now={0} color={false} />);
    const frame = plain(lastFrame() ?? '');
    unmount();
    expect(frame).toContain('none yet — POST them to http://[::1]:9000/v1/alerts');
    expect(frame).toContain('nothing routed yet');
    expect(frame).toMatch(/0 critical · 0 warning · 0 info · – open groups/);
  });
});

describe('formatUptime', () => {
  it('reads like a clock', () => {
    expect([formatUptime(0), formatUptime(59_999), formatUptime(61_000), formatUptime(3_723_000)]).toEqual([
      '0s',
      '59s',
      '1m 01s',
      '1h 02m 03s',
    ]);
  });
});

/** Enough of a terminal for ink: it records what was written. */
class FakeTerminal extends EventEmitter {
  // Not a TTY, so ink leaves the real terminal's cursor alone; it still draws every frame.
  readonly isTTY = false;
  columns = 120;
  rows = 40;
  output = '';
  write(chunk: string): boolean {
    this.output += chunk;
    return true;
  }
}

describe('renderWatchView', () => {
  it('draws nothing before the first event, then the events it is fed, and leaves the last frame', () => {
    // The view's clock (its 50 ms frame batching, its 1 s uptime ticker) is faked, so "nothing is
    // drawn after unmount" is proved by running every timer it left behind, not by waiting.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] });
    try {
      const terminal = new FakeTerminal();
      const view = renderWatchView({ color: false, stdout: terminal as unknown as NodeJS.WriteStream, now: () => 0 });
      expect(terminal.output).toBe('');
      view.onEvent({ kind: 'listening', host: '127.0.0.1', port: 4321 });
      view.onEvent(alert('critical', 'payments API down'));
      view.onEvent(routed('wake', 'payments API down'));
      view.unmount();
      view.unmount(); // idempotent: the command's finally may run after an earlier unmount
      view.onEvent(alert('info', 'after the end')); // ignored once unmounted
      const lastFrame = terminal.output;
      // Throws if a ticker outlived the view (an interval never runs out); else nothing more is drawn.
      vi.runAllTimers();
      expect(terminal.output).toBe(lastFrame);
      expect(lastFrame).toContain('http://127.0.0.1:4321');
      expect(lastFrame).toMatch(/critical {2}generic {2}payments {2}payments API down/);
      expect(lastFrame).toContain('WAKE');
      expect(lastFrame).not.toContain('after the end');
    } finally {
      vi.useRealTimers();
    }
  });

  it('unmounting before any event writes nothing', () => {
    const terminal = new FakeTerminal();
    renderWatchView({ color: false, stdout: terminal as unknown as NodeJS.WriteStream }).unmount();
    expect(terminal.output).toBe('');
  });
});
