import { Box, Text, render, useApp, useInput, useStdout } from 'ink';
import { useEffect, useMemo, useReducer, useState } from 'react';
import type { Severity } from '../../core/alert.js';
import type { Digest, DigestAlert, DigestGroup } from '../../core/digest.js';
import { InterruptedError, messageOf } from '../../core/errors.js';
import {
  dateTime,
  groupFacts,
  oneLine,
  plural,
  quietLine,
  refOf,
  severityLabel,
  totalsLine,
  wokeFacts,
  wokeMark,
} from '../../app/digest/render.js';
import { digestNav, initialDigestNav, intentOf, windowOf, type DigestNavState } from './digest-nav.js';

/** Records a verdict on one alert and says what was recorded (the text goes in the status line). */
export type FeedbackHandler = (alertId: string, verdict: 'correct' | 'wrong', severity?: Severity) => Promise<string>;

/** The digest to browse, whether colour is allowed, and what marking an alert does. */
export interface DigestViewProps {
  digest: Digest;
  color: boolean;
  onFeedback: FeedbackHandler;
  /** Ctrl-C: the command turns it into exit 130 (q is a normal exit). */
  onInterrupt?: () => void;
}

interface Row {
  service: string;
  group: DigestGroup;
}

// Without a known height (not a TTY, tests) assume the classic 24-line terminal.
const FALLBACK_ROWS = 24;
// Lines around the list (header, headings, "more" marks, status): a frame as tall as the terminal
// makes ink clear and redraw the whole screen on every key.
const LIST_CHROME = 8;
const GROUP_CHROME = 20;
const MAX_BODY_LINES = 8;

/** The terminal's height, followed through resizes. */
function useRows(): number {
  const { stdout } = useStdout();
  const [rows, setRows] = useState(stdout.rows || FALLBACK_ROWS);
  useEffect(() => {
    const onResize = () => setRows(stdout.rows || FALLBACK_ROWS);
    stdout.on('resize', onResize);
    return () => {
      stdout.off('resize', onResize);
    };
  }, [stdout]);
  return rows;
}

/** Colour props for ink's Text; none at all when colour is off (NO_COLOR, --no-color). */
function palette(color: boolean) {
  return {
    tone: (severity: Severity) =>
      !color
        ? {}
        : severity === 'critical'
          ? { color: 'red' }
          : severity === 'warning'
            ? { color: 'yellow' }
            : { dimColor: true },
    dim: color ? { dimColor: true } : {},
    selected: color ? { inverse: true } : {},
    error: color ? { color: 'red' } : {},
  };
}
type Palette = ReturnType<typeof palette>;

/** An interactive browser of one digest: the alert types, then one type's summary and alerts. */
export function DigestView({ digest, color, onFeedback, onInterrupt }: DigestViewProps) {
  const { exit } = useApp();
  const rows = useMemo<Row[]>(
    () => digest.services.flatMap((s) => s.groups.map((group) => ({ service: s.service, group }))),
    [digest],
  );
  const sizes = useMemo(() => rows.map((r) => r.group.alerts.length), [rows]);
  const [state, dispatch] = useReducer(
    (s: DigestNavState, action: Parameters<typeof digestNav>[1]) => digestNav(s, action, sizes),
    initialDigestNav,
  );
  const height = useRows();
  const colours = palette(color);
  const open = state.screen === 'group' ? rows[state.group] : undefined;

  useInput((input, key) => {
    const intent = intentOf(state, input, key);
    if (!intent) return;
    if (intent.kind === 'quit') {
      if (intent.interrupted) onInterrupt?.();
      exit();
    } else if (intent.kind === 'nav') {
      dispatch(intent.action);
    } else {
      const alert = open?.group.alerts[state.alert];
      if (!alert) return;
      dispatch({ type: 'recording' });
      onFeedback(alert.id, intent.verdict, intent.severity).then(
        (text) => dispatch({ type: 'status', text, error: false }),
        (error: unknown) => dispatch({ type: 'status', text: messageOf(error), error: true }),
      );
    }
  });

  return (
    <Box flexDirection="column">
      <Text bold wrap="truncate-end">
        soloops digest · {digest.window.label}
      </Text>
      <Text wrap="truncate-end">{quietLine(digest) ?? totalsLine(digest)}</Text>
      <Box flexDirection="column" marginTop={1}>
        {open ? (
          <GroupScreen row={open} state={state} digest={digest} height={height} colours={colours} />
        ) : (
          <ListScreen rows={rows} cursor={state.group} size={Math.max(3, height - LIST_CHROME)} colours={colours} />
        )}
      </Box>
    </Box>
  );
}

function ListScreen({ rows, cursor, size, colours }: { rows: Row[]; cursor: number; size: number; colours: Palette }) {
  // The header already says why the list is empty (a quiet night, or groups still firing from before).
  if (rows.length === 0) return <Text>No alert in this window. q quits</Text>;
  const { start, end } = windowOf(cursor, rows.length, size);
  return (
    <>
      <Text bold wrap="truncate-end">
        {plural(rows.length, 'alert type')} · ↑/↓ move · Enter opens · q quits
      </Text>
      <Text {...colours.dim}>{start > 0 ? `↑ ${start} more` : ' '}</Text>
      {rows.slice(start, end).map(({ service, group }, i) => {
        const here = start + i === cursor;
        return (
          <Text key={refOf(group)} wrap="truncate-end" {...(here ? colours.selected : {})}>
            {here ? '› ' : '  '}
            <Text {...colours.tone(group.severity)}>{group.severity.padEnd(8)}</Text>{' '}
            {group.woke ? `${wokeMark(group)} ` : ''}
            {`${service}: ${oneLine(group.title)}  ×${group.count}  ${refOf(group)}`}
          </Text>
        );
      })}
      <Text {...colours.dim}>{end < rows.length ? `↓ ${rows.length - end} more` : ' '}</Text>
    </>
  );
}

function GroupScreen({
  row,
  state,
  digest,
  height,
  colours,
}: {
  row: Row;
  state: DigestNavState;
  digest: Digest;
  height: number;
  colours: Palette;
}) {
  const { group, service } = row;
  const zone = digest.window.timezone;
  const alert = group.alerts[state.alert];
  const shown = group.alerts.length < group.count ? ` (the first ${group.alerts.length} of ${group.count})` : '';
  return (
    <>
      <Text bold wrap="truncate-end">
        {refOf(group)} <Text {...colours.tone(group.severity)}>{severityLabel(group.severity)}</Text> {service}:{' '}
        {oneLine(group.title)}
      </Text>
      <Text wrap="truncate-end">{groupFacts(group, zone).join(' · ')}</Text>
      {group.woke ? <Text wrap="truncate-end">{wokeFacts(group, zone).join(' · ')}</Text> : null}
      <Text>{group.summary}</Text>
      {group.pattern ? (
        <>
          <Text wrap="truncate-end">fires often: {group.pattern.reason}</Text>
          <Text wrap="truncate-end" {...colours.dim}>{`  ${group.pattern.suggestion}`}</Text>
        </>
      ) : null}
      <Box flexDirection="column" marginTop={1}>
        <Text bold wrap="truncate-end">
          alert {state.alert + 1} of {group.alerts.length}
          {shown} · ↑/↓ alerts · c correct · w wrong · Esc back · q quits
        </Text>
        {alert ? (
          <AlertDetail
            alert={alert}
            zone={zone}
            bodyLines={Math.max(1, Math.min(MAX_BODY_LINES, height - GROUP_CHROME))}
            colours={colours}
          />
        ) : (
          <Text>no alerts stored for this type</Text>
        )}
      </Box>
      <StatusLine state={state} colours={colours} />
    </>
  );
}

function AlertDetail({
  alert,
  zone,
  bodyLines,
  colours,
}: {
  alert: DigestAlert;
  zone: string;
  bodyLines: number;
  colours: Palette;
}) {
  const labels = Object.entries(alert.labels)
    .map(([k, v]) => `${k}=${v}`)
    .join('  ');
  // Tabs would throw ink's width measure off; the rest of a long body is in `soloops digest show`.
  const body = alert.body
    .split('\n')
    .slice(0, bodyLines)
    .map((line, index) => ({ number: index + 1, text: line.replace(/\t/g, '  ') }));
  return (
    <>
      <Text wrap="truncate-end">
        {`${dateTime(alert.receivedAt, zone)}  ${alert.source}  ${alert.status}  `}
        <Text {...colours.tone(alert.severity)}>{alert.severity}</Text>
      </Text>
      <Text bold wrap="truncate-end">
        {oneLine(alert.title)}
      </Text>
      {labels ? (
        <Text wrap="truncate-end" {...colours.dim}>
          {labels}
        </Text>
      ) : null}
      {body.map((line) => (
        <Text key={line.number} wrap="truncate-end">
          | {line.text}
        </Text>
      ))}
      {alert.link ? <Text wrap="truncate-end">{alert.link}</Text> : null}
    </>
  );
}

function StatusLine({ state, colours }: { state: DigestNavState; colours: Palette }) {
  if (state.asking) return <Text bold>the right severity? 1 critical · 2 warning · 3 info · Esc cancels</Text>;
  if (!state.status) return <Text> </Text>;
  return (
    <Text wrap="truncate-end" {...(state.status.error ? colours.error : {})}>
      {state.status.text}
    </Text>
  );
}

/** Browses the digest on the terminal until q (resolves) or Ctrl-C / abort (InterruptedError → 130). */
export async function runDigestView(options: {
  digest: Digest;
  color: boolean;
  onFeedback: FeedbackHandler;
  signal: AbortSignal;
}): Promise<void> {
  let interrupted = false;
  // Ctrl-C arrives as a key (raw mode), not SIGINT, so the view handles it.
  const app = render(
    <DigestView
      digest={options.digest}
      color={options.color}
      onFeedback={options.onFeedback}
      onInterrupt={() => (interrupted = true)}
    />,
    { exitOnCtrlC: false },
  );
  const onAbort = () => app.unmount();
  options.signal.addEventListener('abort', onAbort, { once: true });
  try {
    await app.waitUntilExit();
  } finally {
    options.signal.removeEventListener('abort', onAbort);
  }
  if (interrupted || options.signal.aborted) throw new InterruptedError();
}
