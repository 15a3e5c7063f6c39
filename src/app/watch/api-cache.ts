/** A value the API reuses for a while: `get` answers it, `drop` forgets it. */
export interface Cached<T> {
  /** `fresh`: past its age, wait for the new value instead of answering the old one. */
  get(options?: { fresh?: boolean }): Promise<T>;
  drop(): void;
}

/** Beyond its max age a value is still answered (and refreshed behind it) for this many max ages. */
const STALE_FACTOR = 10;

/**
 * A value computed at most once per `maxAgeMs`, concurrent callers sharing the computation. Past
 * its age it is answered once more while a fresh one is computed behind it (so under load no
 * request waits for the store's reads), up to STALE_FACTOR ages. `drop` forgets it, and a
 * computation started before the drop is not kept.
 */
export function cached<T>(load: () => Promise<T>, maxAgeMs: number): Cached<T> {
  let entry: { at: number; value: T } | null = null;
  let generation = 0;
  let refreshing: { generation: number; value: Promise<T> } | null = null;
  const refresh = (): Promise<T> => {
    if (refreshing?.generation === generation) return refreshing.value;
    const mine = generation;
    const at = Date.now();
    const value = load().then((loaded) => {
      if (mine === generation) entry = { at, value: loaded };
      return loaded;
    });
    refreshing = { generation: mine, value };
    const done = () => {
      if (refreshing?.value === value) refreshing = null;
    };
    value.then(done, done);
    return value;
  };
  return {
    get({ fresh = false } = {}): Promise<T> {
      const age = entry ? Date.now() - entry.at : Number.POSITIVE_INFINITY;
      if (entry && age <= maxAgeMs) return Promise.resolve(entry.value);
      if (entry && !fresh && age <= maxAgeMs * STALE_FACTOR) {
        // A failed refresh keeps the old value a little longer; the next read tries again.
        refresh().catch(() => {});
        return Promise.resolve(entry.value);
      }
      return refresh();
    },
    drop: () => {
      entry = null;
      generation++;
    },
  };
}
