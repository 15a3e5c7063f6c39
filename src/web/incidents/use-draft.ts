/**
 * Autosave of a form to the server's per-user drafts (`PUT /api/drafts/:key`): every 30 s while
 * the form changed since its last save, at once when a field loses focus (`saveNow`), and on the
 * way out. The draft outlives a closed tab or a flat phone battery; it is discarded after the
 * create or save it was for (`discard`).
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { DraftJson } from '../../core/console.js';
import { del, get, put } from '../api.js';

/** How often a changed form is saved while the person types. */
export const AUTOSAVE_MS = 30_000;

/** The draft path of a key: `new` for the create form, else the incident id. */
export const draftPath = (key: string) => `/api/drafts/${encodeURIComponent(key)}`;

/** Loads the person's draft for `key`; null when there is none or the server cannot say. */
export async function loadDraft(key: string): Promise<DraftJson | null> {
  try {
    return (await get<{ draft: DraftJson | null }>(draftPath(key))).draft;
  } catch {
    return null;
  }
}

export interface DraftSaver {
  /** "Draft saved", or why it was not; empty before the first save. */
  message: string;
  /** Saves now when the form changed since the last save (a field lost focus). */
  saveNow(): Promise<void>;
  /** Takes `fields` as saved (just loaded, or restored from the draft): no save until they change. */
  markClean(fields: object): void;
  /** Deletes the draft and stops saving (after the create or save it was for). */
  discard(): Promise<void>;
}

/**
 * Keeps `fields` (a JSON object: the form's fields, and for an edit what it began from) saved as the
 * draft `key` with `baseVersion` (the incident version the edit began from; null for a new incident).
 * Nothing is saved while `enabled` is false (a viewer, or the form still loading).
 */
export function useDraft(key: string, fields: object, baseVersion: number | null, enabled: boolean): DraftSaver {
  const [message, setMessage] = useState('');
  const latest = useRef({ fields, baseVersion, enabled });
  latest.current = { fields, baseVersion, enabled };
  /** The JSON last saved (or loaded): the form is "changed" when it differs. */
  const saved = useRef<string | null>(null);
  const inFlight = useRef<Promise<void>>(Promise.resolve());
  const discarded = useRef(false);

  const saveNow = useCallback(() => {
    const { fields: now, baseVersion: base, enabled: on } = latest.current;
    const json = JSON.stringify(now);
    if (!on || discarded.current || json === saved.current) return inFlight.current;
    saved.current = json;
    const attempt = inFlight.current.then(async () => {
      if (discarded.current) return;
      try {
        await put(draftPath(key), { fields: now, baseVersion: base });
        setMessage('Draft saved');
      } catch (error) {
        // Try again on the next tick or blur: the text is still in the form.
        if (saved.current === json) saved.current = null;
        setMessage(`Draft not saved: ${error instanceof Error ? error.message : String(error)}`);
      }
    });
    inFlight.current = attempt;
    return attempt;
  }, [key]);

  const markClean = useCallback((clean: object) => {
    saved.current = JSON.stringify(clean);
  }, []);

  const discard = useCallback(async () => {
    discarded.current = true;
    await inFlight.current;
    try {
      await del(draftPath(key));
    } catch {
      // No draft (404) or the server refused: nothing left to lose either way.
    }
    setMessage('');
  }, [key]);

  useEffect(() => {
    discarded.current = false;
    const timer = setInterval(() => void saveNow(), AUTOSAVE_MS);
    // Leaving the page (another console page, or the tab closing) keeps what was typed.
    const onHide = () => void saveNow();
    window.addEventListener('pagehide', onHide);
    return () => {
      clearInterval(timer);
      window.removeEventListener('pagehide', onHide);
      void saveNow();
    };
  }, [saveNow]);

  return { message, saveNow, markClean, discard };
}
