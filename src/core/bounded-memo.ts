/**
 * A memo for values computed from text that senders choose (keys, titles, label values), bounded
 * in entries and in key length: past `maxEntries` it starts again, and a key longer than
 * `maxKeyLength` is never kept (computed every time), so a stream of unique or megabyte-long
 * inputs cannot pile up in memory.
 */
export class BoundedMemo<V> {
  private readonly entries = new Map<string, V>();

  constructor(
    private readonly maxEntries: number,
    private readonly maxKeyLength: number,
  ) {}

  get(key: string): V | undefined {
    return this.entries.get(key);
  }

  set(key: string, value: V): void {
    if (key.length > this.maxKeyLength) return;
    if (this.entries.size >= this.maxEntries) this.entries.clear();
    this.entries.set(key, value);
  }
}
