/**
 * The form shortcuts: Ctrl+S (Cmd+S on a Mac) saves, Esc cancels. Esc is left alone while a dialog
 * is open (it closes the dialog, not the form underneath).
 */
import { useEffect, useRef } from 'react';

export function useShortcuts(onSave: () => void, onCancel: () => void, enabled = true): void {
  const handlers = useRef({ onSave, onCancel });
  handlers.current = { onSave, onCancel };
  useEffect(() => {
    if (!enabled) return;
    const onKey = (event: KeyboardEvent) => {
      if ((event.ctrlKey || event.metaKey) && !event.altKey && event.key.toLowerCase() === 's') {
        // Always: the browser's "save page" is never what the person meant on a form.
        event.preventDefault();
        if (!document.querySelector('dialog[open]')) handlers.current.onSave();
      } else if (event.key === 'Escape' && !event.defaultPrevented && !document.querySelector('dialog[open]')) {
        event.preventDefault();
        handlers.current.onCancel();
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [enabled]);
}
