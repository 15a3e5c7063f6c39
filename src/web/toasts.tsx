/**
 * Short notices in one polite live region (role="status", "Notifications"). Any page calls
 * `toast(text)`; the shell renders <Toasts/> once. A notice stays 8 s, or until dismissed.
 */
import { useSyncExternalStore } from 'react';

interface Toast {
  id: number;
  text: string;
  kind: 'info' | 'error';
}

let toasts: Toast[] = [];
let nextId = 1;
const subscribers = new Set<() => void>();
const LIFETIME_MS = 8_000;

function publish(next: Toast[]) {
  toasts = next;
  for (const notify of subscribers) notify();
}

/** Shows `text` as a notice; `kind: 'error'` styles it as a failure. Returns its id. */
export function toast(text: string, kind: 'info' | 'error' = 'info'): number {
  const id = nextId++;
  publish([...toasts.slice(-4), { id, text, kind }]);
  setTimeout(() => dismiss(id), LIFETIME_MS);
  return id;
}

/** Removes a notice before its time. */
export function dismiss(id: number): void {
  if (toasts.some((t) => t.id === id)) publish(toasts.filter((t) => t.id !== id));
}

/** The notices region; rendered once by the shell (present from the start so readers announce additions). */
export function Toasts() {
  const items = useSyncExternalStore(
    (notify) => {
      subscribers.add(notify);
      return () => subscribers.delete(notify);
    },
    () => toasts,
  );
  return (
    <div role="status" aria-label="Notifications" className="toasts">
      {items.map((t) => (
        <div key={t.id} className={`toast toast-${t.kind}`}>
          <span>{t.text}</span>
          <button type="button" className="toast-close" aria-label="Dismiss notification" onClick={() => dismiss(t.id)}>
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
