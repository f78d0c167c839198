/**
 * The entries of a client-side cache, bounded by count and by bytes (evicting about the least
 * recently used: see below), and indexed by the Redis keys each entry was read from: an invalidation names keys,
 * and `MGET a b` must go when either `a` or `b` changes.
 *
 * An entry is found by two strings, a group (the command, and the argument count when there are
 * more than two arguments) and a member (the key, or the other arguments joined). A hit on
 * `GET key` then hashes only strings the caller already holds, whose hashes V8 keeps, instead
 * of a key concatenated on every call: that concatenation and its hashing were the largest
 * cost of a hit (bench/client-side-cache).
 *
 * Eviction is second chance (CLOCK), an approximation of LRU. The order is a `Set` of entries,
 * oldest stored first; a hit only marks its entry as used. To make room, the oldest entry goes
 * unless it is marked: then it is unmarked and moved to the back, and the next is looked at. So
 * an entry not read since it was stored (or last passed over) goes before any that was, and a
 * hit writes one field. Strict LRU moved the entry to the back of the `Set` on every hit (a
 * delete and an insert), the largest cost of a hit after the lookup itself
 * (bench/client-side-cache); moving it only from the older half still cost half of that. Each
 * move unmarks an entry a hit marked, so eviction is O(1) amortised over the hits.
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
  /** Read since it was stored, or since eviction last passed it over (see the header). */
  used: boolean;
}

/** The bounds of an {@link LruStore}. */
export interface LruBounds {
  /** Most entries held. */
  readonly maxEntries: number;
  /** Most bytes held, as the sizes given to `set` add up. */
  readonly maxBytes: number;
}

/**
 * A map of (group, member) to replies, evicting second chance (about LRU), with a second index from Redis keys to entries.
 * @internal
 */
export class LruStore<V> {
  readonly #bounds: LruBounds;
  readonly #groups = new Map<string, Map<string, Entry<V>>>();
  readonly #order = new Set<Entry<V>>();
  readonly #byKey = new Map<string, Set<Entry<V>>>();
  #bytes = 0;

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

  /** The value stored under (`group`, `member`), now marked as used; undefined on a miss. */
  get(group: string, member: string): V | undefined {
    const entry = this.#groups.get(group)?.get(member);
    if (entry === undefined) return undefined;
    entry.used = true;
    return entry.value;
  }

  /** Whether (`group`, `member`) is held; unlike `get`, it does not mark the entry as used. */
  has(group: string, member: string): boolean {
    return this.#groups.get(group)?.has(member) === true;
  }

  /**
   * Stores `value` (replacing the entry of the same group and member), evicting entries first
   * (see the header) until it fits within both bounds. An entry larger than `maxBytes` alone is
   * not stored.
   * @returns how many entries were evicted (the one refused for its size counts as one)
   */
  set(group: string, member: string, value: V, keys: readonly string[], bytes: number): number {
    const previous = this.#groups.get(group)?.get(member);
    if (previous !== undefined) this.#remove(previous);
    if (bytes > this.#bounds.maxBytes) return 1;
    // Room is made before the entry goes in, so it cannot be the one evicted to fit itself.
    const evicted = this.#makeRoom(bytes);
    // After the removals: they drop a group's map with its last entry.
    let members = this.#groups.get(group);
    if (members === undefined) {
      members = new Map();
      this.#groups.set(group, members);
    }
    const entry: Entry<V> = { group, member, value, bytes, keys, used: false };
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

  /** Evicts until one more entry of `bytes` fits; returns how many went. */
  #makeRoom(bytes: number): number {
    const { maxEntries, maxBytes } = this.#bounds;
    let evicted = 0;
    while (this.#order.size >= maxEntries || this.#bytes + bytes > maxBytes) {
      const oldest = this.#order.values().next().value as Entry<V>;
      if (oldest.used) {
        oldest.used = false;
        this.#order.delete(oldest);
        this.#order.add(oldest);
        continue;
      }
      this.#remove(oldest);
      evicted++;
    }
    return evicted;
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
