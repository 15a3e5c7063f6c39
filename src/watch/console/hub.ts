import type { ConsoleEvent, PresenceJson, SequencedEvent } from '../../core/console.js';

/** How many events the hub keeps for clients that reconnect (`?since=`); older: `resync`. */
export const HUB_CAPACITY = 1_000;

/** One person on one socket, for presence. */
export interface Present {
  userId: number | null;
  name: string;
}

/**
 * The console's live events of one daemon: every event gets the next sequence number and goes to
 * every listener (the open sockets); the last `capacity` are kept in a ring so a client that
 * reconnects with `?since=<seq>` gets what it missed. Presence (who views or edits which incident)
 * is kept here too and pushed as `presence` events whenever it changes.
 */
export class ConsoleHub {
  private readonly ring: Array<SequencedEvent | undefined>;
  private last = 0;
  private readonly listeners = new Set<(event: SequencedEvent) => void>();
  /** Per incident: each connection's person and field being edited. */
  private readonly rooms = new Map<string, Map<object, Present & { editing: string | null }>>();
  /** Which incident each connection is on. */
  private readonly roomOf = new Map<object, string>();

  constructor(
    private readonly capacity = HUB_CAPACITY,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.ring = new Array(capacity);
  }

  /** The sequence number of the latest event (0 before any). */
  seq(): number {
    return this.last;
  }

  /** Numbers the event, keeps it, and hands it to every listener; returns it as sent. */
  publish(event: ConsoleEvent): SequencedEvent {
    this.last += 1;
    const sequenced = { ...event, seq: this.last, at: this.now().toISOString() } as SequencedEvent;
    this.ring[this.last % this.capacity] = sequenced;
    for (const listener of this.listeners) listener(sequenced);
    return sequenced;
  }

  /**
   * The events after `seq`, oldest first; `resync` when some of them are no longer kept, or when
   * `seq` is ahead of this hub (the client saw a daemon that has since restarted).
   */
  since(seq: number): SequencedEvent[] | 'resync' {
    if (!Number.isInteger(seq) || seq < 0 || seq > this.last) return 'resync';
    if (this.last - seq > this.capacity) return 'resync';
    const missed: SequencedEvent[] = [];
    for (let n = seq + 1; n <= this.last; n++) missed.push(this.ring[n % this.capacity] as SequencedEvent);
    return missed;
  }

  /** Calls `listener` with every event from now on; returns the function that stops it. */
  subscribe(listener: (event: SequencedEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Where a connection is now: on an incident (viewing, or editing `field`), or nowhere (`null`).
   * Pushes `presence` for every incident whose people changed.
   */
  present(connection: object, who: Present, incidentId: string | null, editing: string | null = null): void {
    const before = this.roomOf.get(connection);
    if (before !== undefined && before !== incidentId) this.leaveRoom(connection, before);
    if (incidentId === null) return;
    let room = this.rooms.get(incidentId);
    if (!room) {
      room = new Map();
      this.rooms.set(incidentId, room);
    }
    const previous = room.get(connection);
    if (previous && previous.editing === editing) return;
    room.set(connection, { ...who, editing });
    this.roomOf.set(connection, incidentId);
    this.announce(incidentId);
  }

  /** The connection closed: it leaves the incident it was on. */
  leave(connection: object): void {
    const room = this.roomOf.get(connection);
    if (room !== undefined) this.leaveRoom(connection, room);
  }

  /** Who is on the incident now, one entry per person (editing wins over viewing). */
  people(incidentId: string): PresenceJson[] {
    const byPerson = new Map<string, PresenceJson>();
    for (const { userId, name, editing } of this.rooms.get(incidentId)?.values() ?? []) {
      const key = userId === null ? `name:${name}` : `id:${userId}`;
      const known = byPerson.get(key);
      if (!known || (known.editing === null && editing !== null)) byPerson.set(key, { userId, name, editing });
    }
    return [...byPerson.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  private leaveRoom(connection: object, incidentId: string): void {
    const room = this.rooms.get(incidentId);
    this.roomOf.delete(connection);
    if (!room?.delete(connection)) return;
    if (room.size === 0) this.rooms.delete(incidentId);
    this.announce(incidentId);
  }

  private announce(incidentId: string): void {
    this.publish({ type: 'presence', incidentId, people: this.people(incidentId) });
  }
}
