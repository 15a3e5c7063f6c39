/**
 * Incident news while the console is open: a toast for every new incident and every status change,
 * and, when the person allowed it ("Notify me"), a browser notification too.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { get } from './api.js';
import { useMe } from './auth.js';
import { useLive } from './live.js';
import { toast } from './toasts.js';

const notificationsSupported = () => typeof Notification !== 'undefined';

function notify(text: string, incidentId: string) {
  if (notificationsSupported() && Notification.permission === 'granted') {
    const n = new Notification('soloops', { body: text, tag: `incident-${incidentId}` });
    n.onclick = () => {
      window.focus();
      location.assign(`/console/incidents/${encodeURIComponent(incidentId)}`);
    };
  }
}

/** Listens to live incident events; call once in the shell. */
export function useIncidentNotices(): void {
  // Your own changes need no notice: you just made them.
  const myName = useMe().user.name;
  // Last known status per incident, so an edit that keeps the status says nothing.
  const statuses = useRef(new Map<string, string>());
  useEffect(() => {
    get<{ incidents: Array<{ id: string; status: string }> }>('/api/incidents?status=all').then(
      ({ incidents }) => {
        for (const i of incidents) if (!statuses.current.has(i.id)) statuses.current.set(i.id, i.status);
      },
      () => {},
    );
  }, []);
  const onEvent = useCallback<Parameters<typeof useLive>[0]>(
    (event) => {
      // A new incident starts investigating: its first update toasts only when the status moves on.
      if (event.type === 'incident.created') statuses.current.set(event.incidentId, 'investigating');
      if ((event.type === 'incident.created' || event.type === 'incident.updated') && event.by === myName) {
        if (event.type === 'incident.updated') statuses.current.set(event.incidentId, event.status);
        return;
      }
      if (event.type === 'incident.created') {
        const text = `New incident: ${event.title} (by ${event.by})`;
        toast(text);
        notify(text, event.incidentId);
      } else if (event.type === 'incident.updated') {
        const before = statuses.current.get(event.incidentId);
        statuses.current.set(event.incidentId, event.status);
        if (before === event.status) return;
        const text = `Incident ${event.incidentId} is now ${event.status} (by ${event.by})`;
        toast(text);
        notify(text, event.incidentId);
      }
    },
    [myName],
  );
  useLive(onEvent);
}

/** "Notify me": asks for permission to show browser notifications; hidden once decided or unsupported. */
export function NotifyButton() {
  const [permission, setPermission] = useState(() => (notificationsSupported() ? Notification.permission : 'denied'));
  if (permission !== 'default') return null;
  return (
    <button
      type="button"
      className="button-quiet"
      onClick={() => {
        void Notification.requestPermission().then((answer) => {
          setPermission(answer);
          if (answer === 'granted') toast('Browser notifications are on for new incidents and status changes.');
        });
      }}
    >
      Notify me
    </button>
  );
}
