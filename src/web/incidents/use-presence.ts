/**
 * Team work on one incident: tells the server this page views it (and which field the person
 * edits), and follows who else is on it from the pushed `presence` events.
 */
import { useCallback, useEffect, useState } from 'react';
import type { PresenceJson } from '../../core/console.js';
import { sendLive, useLive } from '../live.js';
import type { FieldName } from './fields.js';

export interface Presence {
  people: PresenceJson[];
  /** The person's focus moved to `field` (null: left the form's fields). */
  editing(field: FieldName | 'note' | null): void;
}

export function usePresence(incidentId: string): Presence {
  const [people, setPeople] = useState<PresenceJson[]>([]);

  useEffect(() => {
    setPeople([]);
    sendLive({ type: 'view', incidentId });
    return () => {
      sendLive({ type: 'editing', incidentId, field: null });
      sendLive({ type: 'view', incidentId: null });
    };
  }, [incidentId]);

  useLive(
    useCallback(
      (event) => {
        if (event.type === 'presence' && event.incidentId === incidentId) setPeople(event.people);
      },
      [incidentId],
    ),
  );

  const editing = useCallback(
    (field: FieldName | 'note' | null) => sendLive({ type: 'editing', incidentId, field }),
    [incidentId],
  );
  return { people, editing };
}
