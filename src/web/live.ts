/**
 * The console's live connection: one WebSocket to `/api/events` for the whole page. It reconnects
 * by itself (backoff 0.5 s → 10 s) and asks for what it missed (`?since=<last seq>`); when the
 * server no longer has that far back it answers `resync` and every listener reloads what it shows.
 */
import { useEffect, useSyncExternalStore } from 'react';
import type { ClientMessage, SequencedEvent, ServerFrame } from '../core/console.js';

type Listener = (event: SequencedEvent | { type: 'resync' }) => void;

const listeners = new Set<Listener>();
const stateListeners = new Set<() => void>();
let socket: WebSocket | null = null;
let lastSeq: number | null = null;
let connected = false;
let backoffMs = 500;
let stopped = true;
/** What the page said last (which incident it views or edits): sent again after a reconnect. */
const standing = new Map<string, ClientMessage>();

function setConnected(value: boolean) {
  connected = value;
  for (const listener of stateListeners) listener();
}

function url(): string {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}/api/events${lastSeq === null ? '' : `?since=${lastSeq}`}`;
}

function connect() {
  if (stopped) return;
  const ws = new WebSocket(url());
  socket = ws;
  ws.onopen = () => {
    backoffMs = 500;
    setConnected(true);
    for (const message of standing.values()) ws.send(JSON.stringify(message));
  };
  ws.onmessage = (message) => {
    const frame = JSON.parse(String(message.data)) as ServerFrame;
    if (frame.type === 'hello') {
      lastSeq ??= frame.seq;
      return;
    }
    lastSeq = frame.seq;
    for (const listener of listeners) listener(frame.type === 'resync' ? { type: 'resync' } : frame);
  };
  ws.onclose = () => {
    if (socket === ws) socket = null;
    setConnected(false);
    if (stopped) return;
    setTimeout(connect, backoffMs);
    backoffMs = Math.min(backoffMs * 2, 10_000);
  };
}

/** Opens the connection (after login); idempotent. */
export function startLive(): void {
  if (!stopped) return;
  stopped = false;
  connect();
}

/** Closes it (logout). */
export function stopLive(): void {
  stopped = true;
  lastSeq = null;
  standing.clear();
  socket?.close();
}

/** Tells the server where this page is (`view`) or what it edits (`editing`); repeated after reconnects. */
export function sendLive(message: ClientMessage): void {
  standing.set(message.type, message);
  if (socket?.readyState === WebSocket.OPEN) socket.send(JSON.stringify(message));
}

/** Calls `handler` for every pushed event (and `resync`) while the component is mounted. */
export function useLive(handler: Listener): void {
  useEffect(() => {
    listeners.add(handler);
    return () => {
      listeners.delete(handler);
    };
  }, [handler]);
}

/** Whether the live connection is up (for the "live" / "reconnecting…" badge). */
export function useLiveConnected(): boolean {
  return useSyncExternalStore(
    (notify) => {
      stateListeners.add(notify);
      return () => stateListeners.delete(notify);
    },
    () => connected,
  );
}
