/**
 * Small data hooks the pages share: `useApi(path)` loads JSON and keeps the last good answer while
 * reloading; `useLiveReload(types, reload)` reloads on matching live events (and `resync`), at most
 * once per `everyMs` so a storm of events costs one request per interval, not one per event.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { get } from './api.js';
import { eventMatches } from './format.js';
import { useLive } from './live.js';

export interface Loaded<T> {
  data: T | undefined;
  error: Error | undefined;
  loading: boolean;
  reload(): void;
  /** Replaces the data in place (a live event or a write's answer), without a request. */
  setData(update: (current: T | undefined) => T | undefined): void;
}

/** GETs `path` (again whenever it changes; null waits). An older answer never overwrites a newer one. */
export function useApi<T>(path: string | null): Loaded<T> {
  const [data, setDataState] = useState<T | undefined>(undefined);
  const [error, setError] = useState<Error | undefined>(undefined);
  const [loading, setLoading] = useState(path !== null);
  const [tick, setTick] = useState(0);
  const latest = useRef(0);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `tick` is the reload trigger.
  useEffect(() => {
    if (path === null) return;
    const request = ++latest.current;
    setLoading(true);
    get<T>(path).then(
      (answer) => {
        if (request !== latest.current) return;
        setDataState(answer);
        setError(undefined);
        setLoading(false);
      },
      (failure: unknown) => {
        if (request !== latest.current) return;
        setError(failure instanceof Error ? failure : new Error(String(failure)));
        setLoading(false);
      },
    );
  }, [path, tick]);

  const reload = useCallback(() => setTick((n) => n + 1), []);
  const setData = useCallback((update: (current: T | undefined) => T | undefined) => setDataState(update), []);
  return { data, error, loading, reload, setData };
}

/** Calls `reload` on live events of the given types or a resync, throttled (first at once, then one trailing). */
export function useLiveReload(types: readonly string[], reload: () => void, everyMs = 2_000) {
  const last = useRef(0);
  const pending = useRef<ReturnType<typeof setTimeout> | null>(null);
  const key = types.join(',');
  useEffect(
    () => () => {
      if (pending.current) clearTimeout(pending.current);
    },
    [],
  );
  const onEvent = useCallback<Parameters<typeof useLive>[0]>(
    (event) => {
      if (event.type !== 'resync' && !eventMatches(key.split(','), event.type)) return;
      const wait = last.current + everyMs - Date.now();
      if (wait <= 0) {
        last.current = Date.now();
        reload();
      } else if (!pending.current) {
        pending.current = setTimeout(() => {
          pending.current = null;
          last.current = Date.now();
          reload();
        }, wait);
      }
    },
    [key, reload, everyMs],
  );
  useLive(onEvent);
}

/** Sets the document's title while the page is shown ("Hosts · soloops"). */
export function useTitle(title: string): void {
  useEffect(() => {
    document.title = `${title} · soloops`;
  }, [title]);
}
