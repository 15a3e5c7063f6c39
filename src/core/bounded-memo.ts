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

interface PathNode<V> {
  value?: V;
  next?: Map<string, PathNode<V>>;
}

/**
 * A BoundedMemo keyed by a list of strings, looked up part by part in nested maps instead of by
 * one joined key: joining a key on every lookup (a title, a body and a few fields, for every
 * alert) cost more than the lookup, and the parts are found by the hashes their strings already
 * carry. Put the parts that vary least first: entries then share those nodes. Bounded in
 * entries and in the parts' total length, as BoundedMemo.
 */
export class BoundedPathMemo<V> {
  private root: PathNode<V> = {};
  private entries = 0;

  constructor(
    private readonly maxEntries: number,
    private readonly maxKeyLength: number,
  ) {}

  get(path: readonly string[]): V | undefined {
    let node: PathNode<V> | undefined = this.root;
    for (let i = 0; i < path.length && node !== undefined; i++) node = node.next?.get(path[i]!);
    return node?.value;
  }

  set(path: readonly string[], value: V): void {
    let length = 0;
    for (const part of path) length += part.length;
    if (length > this.maxKeyLength) return;
    if (this.entries >= this.maxEntries) {
      this.root = {};
      this.entries = 0;
    }
    let node = this.root;
    for (const part of path) {
      node.next ??= new Map();
      let child = node.next.get(part);
      if (child === undefined) node.next.set(part, (child = {}));
      node = child;
    }
    if (node.value === undefined) this.entries++;
    node.value = value;
  }
}
