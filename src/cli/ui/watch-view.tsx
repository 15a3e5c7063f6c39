import { Box, Text, render, type Instance } from 'ink';
import type { Severity } from '../../core/alert.js';
import type { WatchEvent } from '../../app/watch/events.js';

const FEED_SIZE = 15;
const ROUTE_SIZE = 5;
// Keeps the frame shorter than a laptop terminal: a taller frame makes ink clear and redraw the screen.
const CHECK_ROWS = 8;

/** One line of the alert feed. */
export interface FeedLine {
  id: string;
  at: string;
  severity: Severity;
  source: string;
  service: string;
  title: string;
  classifier: string;
}

/** One routing decision: WAKE (the person's phone) or the digest queue. */
export interface RouteLine {
  group: number;
  at: string;
  target: 'wake' | 'digest';
  severity: Severity;
  service: string;
  title: string;
  alerts: number;
  reason: string;
}

/** The latest probe of one health check. */
export interface CheckLine {
  name: string;
  state: 'up' | 'down' | 'unknown';
  ok: boolean;
  ms: number;
  error: string | null;
}

/** Everything the live view of `soloops watch` shows; built from daemon events by `watchViewReducer`. */
export interface WatchViewState {
  listening: { host: string; port: number } | null;
  /** Alerts triaged since start, by severity. */
  counts: Record<Severity, number>;
  /** Newest first, at most 15. */
  alerts: FeedLine[];
  /** null until the first pipeline pass reports. */
  openGroups: number | null;
  /** Newest first, at most 5. */
  routes: RouteLine[];
  checks: Record<string, CheckLine>;
}

export const initialWatchViewState: WatchViewState = {
  listening: null,
  counts: { critical: 0, warning: 0, info: 0 },
  alerts: [],
  openGroups: null,
  routes: [],
  checks: {},
};

const iso = (at: Date | string): string => (typeof at === 'string' ? at : at.toISOString());

/** Folds one daemon event into the view state (pure: returns a new state, keeps only what is shown). */
export function watchViewReducer(state: WatchViewState, event: WatchEvent): WatchViewState {
  switch (event.kind) {
    case 'listening':
      return { ...state, listening: { host: event.host, port: event.port } };
    case 'alert': {
      const { alert, severity, classifier } = event.result;
      const line: FeedLine = {
        id: alert.id,
        at: alert.receivedAt,
        severity,
        source: alert.source,
        service: alert.service,
        title: alert.title,
        classifier,
      };
      return {
        ...state,
        counts: { ...state.counts, [severity]: state.counts[severity] + 1 },
        alerts: [line, ...state.alerts].slice(0, FEED_SIZE),
      };
    }
    case 'routed': {
      const { group, decision } = event;
      const line: RouteLine = {
        group: group.id,
        at: iso(group.routedAt ?? group.lastSeen),
        target: decision.target,
        severity: decision.severity,
        service: group.service,
        title: group.title,
        alerts: group.alertCount,
        reason: decision.reason,
      };
      return { ...state, routes: [line, ...state.routes].slice(0, ROUTE_SIZE) };
    }
    case 'check': {
      const { result } = event;
      const error = result.ok ? null : [result.errorType, result.error].filter(Boolean).join(': ') || 'failed';
      return {
        ...state,
        checks: {
          ...state.checks,
          [event.check]: { name: event.check, state: event.state, ok: result.ok, ms: result.ms, error },
        },
      };
    }
    case 'groups':
      return { ...state, openGroups: event.open };
  }
}

/** What one frame needs: the state, the clock, and whether colour is allowed (NO_COLOR, --no-color). */
export interface WatchViewProps {
  state: WatchViewState;
  startedAt: number;
  now: number;
  color: boolean;
}

export function formatUptime(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  const [h, m, sec] = [Math.floor(s / 3600), Math.floor((s % 3600) / 60), s % 60];
  const two = (n: number) => String(n).padStart(2, '0');
  return h ? `${h}h ${two(m)}m ${two(sec)}s` : m ? `${m}m ${two(sec)}s` : `${sec}s`;
}

const clock = (at: string): string =>
  Number.isNaN(Date.parse(at)) ? '--:--:--' : new Date(at).toISOString().slice(11, 19);
const address = ({ host, port }: { host: string; port: number }) =>
  `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
const stateRank = { down: 0, unknown: 1, up: 2 } as const;

/** One frame of `soloops watch` on a terminal: header, alert feed, routing, checks. */
export function WatchView({ state, startedAt, now, color }: WatchViewProps) {
  const tone = (severity: Severity) =>
    !color
      ? {}
      : severity === 'critical'
        ? { color: 'red' }
        : severity === 'warning'
          ? { color: 'yellow' }
          : { dimColor: true };
  const dim = color ? { dimColor: true } : {};
  const checks = Object.values(state.checks).sort(
    (a, b) => stateRank[a.state] - stateRank[b.state] || a.name.localeCompare(b.name),
  );
  const down = checks.filter((c) => c.state === 'down').length;
  return (
    <Box flexDirection="column">
      <Text bold wrap="truncate-end">
        soloops watch · {state.listening ? `listening on ${address(state.listening)}` : 'starting…'} · up{' '}
        {formatUptime(now - startedAt)} · Ctrl-C stops
      </Text>
      <Text wrap="truncate-end">
        alerts <Text {...tone('critical')}>{state.counts.critical} critical</Text> ·{' '}
        <Text {...tone('warning')}>{state.counts.warning} warning</Text> ·{' '}
        <Text {...tone('info')}>{state.counts.info} info</Text> · {state.openGroups ?? '–'} open group
        {state.openGroups === 1 ? '' : 's'}
      </Text>

      <Box flexDirection="column" marginTop={1}>
        <Text bold>Latest alerts (UTC)</Text>
        {state.alerts.length === 0 ? (
          <Text {...dim}>none yet{state.listening ? ` — POST them to ${address(state.listening)}/v1/alerts` : ''}</Text>
        ) : (
          state.alerts.map((a) => (
            <Text key={a.id} wrap="truncate-end" {...tone(a.severity)}>
              {`${clock(a.at)}  ${a.severity.padEnd(8)}  ${a.source}  ${a.service}  ${a.title}  (${a.classifier})`}
            </Text>
          ))
        )}
      </Box>

      <Box flexDirection="column" marginTop={1}>
        <Text bold>Routing</Text>
        {state.routes.length === 0 ? (
          <Text {...dim}>nothing routed yet</Text>
        ) : (
          // One group routed one way at one moment: the data itself tells the lines apart.
          state.routes.map((r) =>
            r.target === 'wake' ? (
              <Text
                key={`${r.group}@${r.at}:${r.target}`}
                wrap="truncate-end"
                bold
                {...(color ? { color: 'red', inverse: true } : {})}
              >
                {`${clock(r.at)}  WAKE    ${r.service}  ${r.title}  ×${r.alerts}  — ${r.reason}`}
              </Text>
            ) : (
              <Text key={`${r.group}@${r.at}:${r.target}`} wrap="truncate-end">
                {`${clock(r.at)}  digest  ${r.service}  ${r.title}  ×${r.alerts}  `}
                <Text {...dim}>— {r.reason}</Text>
              </Text>
            ),
          )
        )}
      </Box>

      <Box flexDirection="column" marginTop={1}>
        <Text bold>Checks{checks.length ? ` · ${checks.length - down} up, ${down} down` : ''}</Text>
        {checks.length === 0 ? <Text {...dim}>no results yet</Text> : null}
        {checks.slice(0, CHECK_ROWS).map((c) => (
          <Text key={c.name} wrap="truncate-end">
            <Text {...(color ? { color: c.state === 'down' ? 'red' : c.state === 'up' ? 'green' : 'yellow' } : {})}>
              {c.state === 'down' ? 'DOWN' : c.state.padEnd(4)}
            </Text>
            {`  ${c.name}  ${c.ok ? `${c.ms} ms` : c.error}`}
          </Text>
        ))}
        {checks.length > CHECK_ROWS ? <Text {...dim}>… {checks.length - CHECK_ROWS} more</Text> : null}
      </Box>
    </Box>
  );
}

/** The mounted view: feed it daemon events; unmount leaves the last frame on the terminal. */
export interface WatchViewHandle {
  onEvent(event: WatchEvent): void;
  unmount(): void;
}

/**
 * Draws the live view on the terminal, from the first event on (the daemon is listening), so a
 * start-up failure such as a port in use prints its error on a clean terminal. Events are batched
 * into one frame per ~50 ms (a burst of webhooks must not cost a React render each) and a clock
 * ticks the uptime once a second. The view reads no keys, so the terminal stays in cooked mode and
 * Ctrl-C reaches main's SIGINT handler as without the view (graceful stop, exit 130; a second
 * Ctrl-C exits at once).
 */
export function renderWatchView(options: {
  color: boolean;
  stdout?: NodeJS.WriteStream;
  now?: () => number;
}): WatchViewHandle {
  const now = options.now ?? Date.now;
  const startedAt = now();
  let state = initialWatchViewState;
  let instance: Instance | undefined;
  let pending: NodeJS.Timeout | undefined;
  let ticker: NodeJS.Timeout | undefined;
  let unmounted = false;
  const frame = () => <WatchView state={state} startedAt={startedAt} now={now()} color={options.color} />;
  const draw = () => {
    pending = undefined;
    if (unmounted) return;
    if (instance) {
      instance.rerender(frame());
      return;
    }
    instance = render(frame(), { stdout: options.stdout ?? process.stdout, exitOnCtrlC: false });
    ticker = setInterval(draw, 1_000);
    ticker.unref();
  };
  return {
    onEvent(event) {
      state = watchViewReducer(state, event);
      if (unmounted || pending) return;
      if (!instance) return draw();
      pending = setTimeout(draw, 50);
      pending.unref();
    },
    unmount() {
      if (unmounted) return;
      clearInterval(ticker);
      clearTimeout(pending);
      if (instance) draw();
      unmounted = true;
      instance?.unmount();
    },
  };
}
