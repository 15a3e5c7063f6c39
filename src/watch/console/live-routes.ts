import websocket from '@fastify/websocket';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { WebSocket } from 'ws';
import type {
  AlertRowJson,
  ClientMessage,
  HostJson,
  Principal,
  SequencedEvent,
  ServerFrame,
} from '../../core/console.js';
import type { ApiAccess } from '../http/api-common.js';
import type { ConsoleHub } from './hub.js';

/** A service's state and 30-day uptime as the status model has them now. */
export interface ServiceNow {
  id: string;
  state: string;
  uptime30d: number | null;
}

/** What the live socket needs: the daemon's hub, and the reads its one poller compares between beats. */
export interface ConsoleLiveDeps {
  hub: ConsoleHub;
  services(): Promise<ServiceNow[]>;
  /** Each host's latest snapshot. */
  hosts(): Promise<HostJson[]>;
  /** The newest stored alerts, newest first. */
  alerts(limit: number): Promise<AlertRowJson[]>;
  /** Default 2 s, as the status page's live poll. */
  pollMs?: number;
  /** A ping to every socket this often; one that did not answer the last ping is dropped. Default 15 s. */
  heartbeatMs?: number;
}

/** A client message larger than this is not one of ours: the socket is closed. */
const MAX_MESSAGE = 4_096;
const ALERTS_COMPARED = 50;

interface Connection {
  principal: Principal;
  alive: boolean;
}

/**
 * `GET /api/events?since=N`: the console's WebSocket (read permission, checked before the upgrade
 * is accepted). It opens with `hello {seq}`, replays what a reconnecting client missed (or says
 * `resync`), then pushes every event of the hub. One poller for all sockets, running only while one
 * is open, turns changes of the status model, host snapshots and stored alerts into events; one
 * timer pings every socket. Closing the server closes the sockets.
 */
export function registerLiveRoutes(app: FastifyInstance, deps: ConsoleLiveDeps, access: ApiAccess): void {
  const sockets = new Map<WebSocket, Connection>();
  const principals = new WeakMap<FastifyRequest, Principal>();
  const poller = changePoller(deps);
  let heartbeat: NodeJS.Timeout | null = null;
  let unsubscribe: (() => void) | null = null;
  const broadcast = (event: SequencedEvent) => {
    const frame = JSON.stringify(event);
    for (const socket of sockets.keys()) socket.send(frame);
  };

  const opened = (socket: WebSocket, principal: Principal) => {
    sockets.set(socket, { principal, alive: true });
    // Nothing runs while no page is open: the listener, the poller and the heartbeat start with the first socket.
    if (sockets.size === 1) {
      unsubscribe = deps.hub.subscribe(broadcast);
      poller.start();
      heartbeat = setInterval(ping, deps.heartbeatMs ?? 15_000);
    }
  };
  const closed = (socket: WebSocket) => {
    if (!sockets.delete(socket)) return;
    deps.hub.leave(socket);
    if (sockets.size === 0) {
      unsubscribe?.();
      unsubscribe = null;
      poller.stop();
      if (heartbeat) clearInterval(heartbeat);
      heartbeat = null;
    }
  };
  const ping = () => {
    for (const [socket, connection] of sockets) {
      // No pong since the last ping: the peer is gone without a close (sleeping laptop, dropped Wi-Fi).
      if (!connection.alive) {
        socket.terminate();
        closed(socket);
        continue;
      }
      connection.alive = false;
      socket.ping();
    }
  };

  void app.register(async (scope) => {
    // Open sockets would hold server.close() (and so the daemon's shutdown) for as long as a page stays open.
    // Added before the plugin's own hook, so pages hear 1001 (going away) and reconnect to the next daemon.
    scope.addHook('preClose', async () => {
      for (const socket of [...sockets.keys()]) {
        socket.close(1001, 'server closing');
        closed(socket);
      }
    });
    await scope.register(websocket, { options: { maxPayload: MAX_MESSAGE } });
    scope.get<{ Querystring: { since?: string } }>(
      '/api/events',
      {
        websocket: true,
        // Before the upgrade: a refused client gets a plain 401/403 answer, never a socket.
        preValidation: async (request, reply) => {
          // Browsers send the SameSite cookie from sibling subdomains too: a page of another origin may not listen.
          if (!sameOrigin(request.headers.origin, request.headers.host))
            return reply.code(403).send({ error: 'the events socket is only for the console on this origin' });
          const principal = await access.authorize(request, reply, 'read');
          if (!principal) return reply;
          principals.set(request, principal);
        },
      },
      (socket, request) => {
        const principal = principals.get(request);
        if (!principal) return socket.close(1008, 'not authorized');
        opened(socket, principal);
        socket.on('pong', () => {
          const connection = sockets.get(socket);
          if (connection) connection.alive = true;
        });
        socket.on('close', () => closed(socket));
        socket.on('message', (data, binary) => {
          const message = binary ? null : parseMessage(data.toString());
          if (!message) return socket.close(1003, 'unknown message');
          const who = { userId: principal.userId ?? null, name: principal.name };
          if (message.type === 'view') deps.hub.present(socket, who, message.incidentId);
          else deps.hub.present(socket, who, message.incidentId, message.field);
        });
        send(socket, { type: 'hello', seq: deps.hub.seq() });
        const since = request.query.since;
        if (since === undefined || since === '') return;
        const missed = deps.hub.since(Number(since));
        if (missed === 'resync') send(socket, { type: 'resync', seq: deps.hub.seq() });
        else for (const event of missed) send(socket, event);
      },
    );
  });
}

function send(socket: WebSocket, frame: ServerFrame): void {
  socket.send(JSON.stringify(frame));
}

/** A ClientMessage, or null for anything else. */
export function parseMessage(text: string): ClientMessage | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const { type, incidentId, field } = value as Record<string, unknown>;
  const id = typeof incidentId === 'string' && incidentId.length <= 100 ? incidentId : undefined;
  if (type === 'view' && (id !== undefined || incidentId === null)) return { type, incidentId: id ?? null };
  if (type === 'editing' && id !== undefined && (field === null || (typeof field === 'string' && field.length <= 50)))
    return { type, incidentId: id, field };
  return null;
}

/**
 * One poller for all sockets: every `pollMs` it reads the services, hosts and newest alerts and
 * publishes what changed since the last beat. The first beat after a start only takes the baseline.
 */
function changePoller(deps: ConsoleLiveDeps) {
  let timer: NodeJS.Timeout | null = null;
  let inFlight = false;
  let states: string | null = null;
  let uptimes: string | null = null;
  let hosts: Map<string, string> | null = null;
  let alerts: Set<string> | null = null;

  const beat = async () => {
    const [services, latest, newest] = await Promise.all([deps.services(), deps.hosts(), deps.alerts(ALERTS_COMPARED)]);
    const state = services.map(({ id, state }) => ({ id, state }));
    const uptime = services.map(({ id, uptime30d }) => ({ id, uptime30d }));
    if (states !== null && JSON.stringify(state) !== states) deps.hub.publish({ type: 'status', services: state });
    if (uptimes !== null && JSON.stringify(uptime) !== uptimes) {
      deps.hub.publish({ type: 'uptime', services: uptime });
      // The month's SLA figures are computed from the same check results: open reports reload.
      deps.hub.publish({ type: 'sla', month: new Date().toISOString().slice(0, 7) });
    }
    for (const host of latest) if (hosts && hosts.get(host.host) !== host.at) deps.hub.publish({ type: 'host', host });
    if (alerts)
      for (const alert of [...newest].reverse()) if (!alerts.has(alert.id)) deps.hub.publish({ type: 'alert', alert });
    states = JSON.stringify(state);
    uptimes = JSON.stringify(uptime);
    hosts = new Map(latest.map((h) => [h.host, h.at]));
    alerts = new Set(newest.map((a) => a.id));
  };
  /** One read at a time: a slow store skips beats rather than piling up reads. */
  const poll = () => {
    if (inFlight) return;
    inFlight = true;
    beat()
      // The store is away for a moment: the pages keep what they show, and the next beat tries again.
      .catch(() => {})
      .finally(() => {
        inFlight = false;
      });
  };
  return {
    start() {
      if (timer) return;
      poll();
      timer = setInterval(poll, deps.pollMs ?? 2_000);
    },
    stop() {
      if (timer) clearInterval(timer);
      timer = null;
      states = uptimes = null;
      hosts = null;
      alerts = null;
    },
  };
}

/** True when a browser's Origin names this host (scripts send no Origin: their credential is a bearer or key). */
export function sameOrigin(origin: string | undefined, host: string | undefined): boolean {
  if (origin === undefined) return true;
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}
