/**
 * The entries of a client-side cache, least recently used first, bounded by count and by
 * bytes, and indexed by the Redis keys each entry was read from: an invalidation names keys,
 * and `MGET a b` must go when either `a` or `b` changes.
 *
 * An entry is found by two strings, a group (the command, and the argument count when there are
 * more than two arguments) and a member (the key, or the other arguments joined). A hit on
 * `GET key` then hashes only strings the caller already holds, whose hashes V8 keeps, instead
 * of a key concatenated on every call: that concatenation and its hashing were the largest
 * cost of a hit (bench/client-side-cache).
 *
 * The order is a `Set` of entries, oldest first, so the first is always the one to evict: O(1)
 * for every operation. A hit re-inserts only an entry in the older half of the order (an entry
 * in the newer half is far from eviction), so the order is least recently *promoted*: it
 * evicts what strict LRU would, unless an entry is read only while in the newer half and then
 * never again.
 */

/** One cached reply. */
interface Entry<V> {
  readonly group: string;
  readonly member: string;
  readonly value: V;
  /** Approximate size, counted against `maxBytes`. */
  readonly bytes: number;
  /** The Redis keys the reply was read from. */
  readonly keys: readonly string[];
  /** The store's clock when the entry was last (re)inserted: its place in the order. */
  order: number;
}

/** The bounds of an {@link LruStore}. */
export interface LruBounds {
  /** Most entries held; the least recently used goes first. */
  readonly maxEntries: number;
  /** Most bytes held, as the sizes given to `set` add up. */
  readonly maxBytes: number;
}

/**
 * An LRU map of (group, member) to replies, with a second index from Redis keys to entries.
 * @internal
 */
export class LruStore<V> {
  readonly #bounds: LruBounds;
  readonly #groups = new Map<string, Map<string, Entry<V>>>();
  readonly #order = new Set<Entry<V>>();
  readonly #byKey = new Map<string, Set<Entry<V>>>();
  #bytes = 0;
  /** Counts insertions, so an entry's distance from the newest is `#clock - order`. */
  #clock = 0;

  constructor(bounds: LruBounds) {
    this.#bounds = bounds;
  }

  /** Entries held. */
  get size(): number {
    return this.#order.size;
  }

  /** Bytes held, as the sizes given to `set` add up. */
  get bytes(): number {
    return this.#bytes;
  }

  /** The value stored under (`group`, `member`), now among the recently used; undefined on a miss. */
  get(group: string, member: string): V | undefined {
    const entry = this.#groups.get(group)?.get(member);
    if (entry === undefined) return undefined;
    if (this.#clock - entry.order > this.#order.size >> 1) {
      this.#order.delete(entry);
      this.#order.add(entry);
      entry.order = ++this.#clock;
    }
    return entry.value;
  }

  /**
   * Stores `value` (replacing the entry of the same group and member), then evicts the least
   * recently used entries until both bounds hold. An entry larger than `maxBytes` alone is not
   * stored.
   * @returns how many entries were evicted (the one refused for its size counts as one)
   */
  set(group: string, member: string, value: V, keys: readonly string[], bytes: number): number {
    const previous = this.#groups.get(group)?.get(member);
    if (previous !== undefined) this.#remove(previous);
    if (bytes > this.#bounds.maxBytes) return 1;
    // After the removal: it drops the group's map when that was its last entry.
    let members = this.#groups.get(group);
    if (members === undefined) {
      members = new Map();
      this.#groups.set(group, members);
    }
    const entry: Entry<V> = { group, member, value, bytes, keys, order: ++this.#clock };
    members.set(member, entry);
    this.#order.add(entry);
    this.#bytes += bytes;
    for (const key of keys) {
      let entries = this.#byKey.get(key);
      if (entries === undefined) {
        entries = new Set();
        this.#byKey.set(key, entries);
      }
      entries.add(entry);
    }
    let evicted = 0;
    while (this.#order.size > this.#bounds.maxEntries || this.#bytes > this.#bounds.maxBytes) {
      this.#remove(this.#order.values().next().value as Entry<V>);
      evicted++;
    }
    return evicted;
  }

  /**
   * Drops every entry read from the Redis key `key`.
   * @returns how many entries were dropped
   */
  deleteKey(key: string): number {
    const entries = this.#byKey.get(key);
    if (entries === undefined) return 0;
    const dropped = [...entries];
    for (const entry of dropped) this.#remove(entry);
    return dropped.length;
  }

  /** Drops everything. @returns how many entries were dropped */
  clear(): number {
    const dropped = this.#order.size;
    this.#groups.clear();
    this.#order.clear();
    this.#byKey.clear();
    this.#bytes = 0;
    return dropped;
  }

  #remove(entry: Entry<V>): void {
    if (!this.#order.delete(entry)) return;
    const members = this.#groups.get(entry.group);
    members?.delete(entry.member);
    if (members?.size === 0) this.#groups.delete(entry.group);
    this.#bytes -= entry.bytes;
    for (const key of entry.keys) {
      const entries = this.#byKey.get(key);
      if (entries === undefined) continue;
      entries.delete(entry);
      if (entries.size === 0) this.#byKey.delete(key);
    }
  }
}
