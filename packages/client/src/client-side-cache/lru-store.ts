/**
 * The entries of a client-side cache, least recently used first, bounded by count and by
 * bytes, and indexed by the Redis keys each entry was read from: an invalidation names keys,
 * and `MGET a b` must go when either `a` or `b` changes.
 *
 * A `Map` keeps insertion order, so re-inserting an entry on a hit makes it the most recent
 * and the first key of the map is always the one to evict: O(1) for every operation.
 */

/** One cached reply. */
interface Entry<V> {
  readonly value: V;
  /** Approximate size, counted against `maxBytes`. */
  readonly bytes: number;
  /** The Redis keys the reply was read from. */
  readonly keys: readonly string[];
}

/** The bounds of an {@link LruStore}. */
export interface LruBounds {
  /** Most entries held; the least recently used goes first. */
  readonly maxEntries: number;
  /** Most bytes held, as the sizes given to `set` add up. */
  readonly maxBytes: number;
}

/**
 * An LRU map of cache keys to replies, with a second index from Redis keys to entries.
 * @internal
 */
export class LruStore<V> {
  readonly #bounds: LruBounds;
  readonly #entries = new Map<string, Entry<V>>();
  readonly #byKey = new Map<string, Set<string>>();
  #bytes = 0;

  constructor(bounds: LruBounds) {
    this.#bounds = bounds;
  }

  /** Entries held. */
  get size(): number {
    return this.#entries.size;
  }

  /** Bytes held, as the sizes given to `set` add up. */
  get bytes(): number {
    return this.#bytes;
  }

  /** The value under `cacheKey`, which becomes the most recently used; undefined on a miss. */
  get(cacheKey: string): V | undefined {
    const entry = this.#entries.get(cacheKey);
    if (entry === undefined) return undefined;
    this.#entries.delete(cacheKey);
    this.#entries.set(cacheKey, entry);
    return entry.value;
  }

  /**
   * Stores `value` (replacing an entry of the same cache key), then evicts the least recently
   * used entries until both bounds hold. An entry larger than `maxBytes` alone is not stored.
   * @returns how many entries were evicted (the one refused for its size counts as one)
   */
  set(cacheKey: string, value: V, keys: readonly string[], bytes: number): number {
    this.#remove(cacheKey);
    if (bytes > this.#bounds.maxBytes) return 1;
    this.#entries.set(cacheKey, { value, bytes, keys });
    this.#bytes += bytes;
    for (const key of keys) {
      let set = this.#byKey.get(key);
      if (set === undefined) {
        set = new Set();
        this.#byKey.set(key, set);
      }
      set.add(cacheKey);
    }
    let evicted = 0;
    while (this.#entries.size > this.#bounds.maxEntries || this.#bytes > this.#bounds.maxBytes) {
      const oldest = this.#entries.keys().next().value as string;
      this.#remove(oldest);
      evicted++;
    }
    return evicted;
  }

  /**
   * Drops every entry read from the Redis key `key`.
   * @returns how many entries were dropped
   */
  deleteKey(key: string): number {
    const cacheKeys = this.#byKey.get(key);
    if (cacheKeys === undefined) return 0;
    let dropped = 0;
    for (const cacheKey of [...cacheKeys]) {
      if (this.#remove(cacheKey)) dropped++;
    }
    return dropped;
  }

  /** Drops everything. @returns how many entries were dropped */
  clear(): number {
    const dropped = this.#entries.size;
    this.#entries.clear();
    this.#byKey.clear();
    this.#bytes = 0;
    return dropped;
  }

  #remove(cacheKey: string): boolean {
    const entry = this.#entries.get(cacheKey);
    if (entry === undefined) return false;
    this.#entries.delete(cacheKey);
    this.#bytes -= entry.bytes;
    for (const key of entry.keys) {
      const set = this.#byKey.get(key);
      if (set === undefined) continue;
      set.delete(cacheKey);
      if (set.size === 0) this.#byKey.delete(key);
    }
    return true;
  }
}
