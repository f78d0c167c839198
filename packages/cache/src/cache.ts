/**
 * `Cache`: cache-aside over a `RedisClient` or a `RedisCluster`. A read is one GET; a miss is
 * loaded once per process (single flight) and about once across processes (the stampede lock of
 * load-coordinator.ts); hot entries are reloaded before they expire (early-refresh.ts);
 * invalidations reach other processes over pub/sub (cache-channel.ts). It holds no values in
 * memory: a client-side cache, when it comes, plugs in where `invalidate` events are emitted.
 */
import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { abandonable } from './abandonable.js';
import { CacheChannel, type Invalidation } from './cache-channel.js';
import type { CacheRedis } from './cache-redis.js';
import { freshness } from './early-refresh.js';
import { EntryStore, type StoredEntry } from './entry-store.js';
import { CacheAbortError, CacheClosedError, type CacheDecodeError } from './errors.js';
import { CacheKeys } from './keys.js';
import { LoadCoordinator, type Loader, type LoadSettings } from './load-coordinator.js';
import { StampedeLock } from './lock.js';
import {
  checkCallOptions,
  type GetOrSetOptions,
  type ResolvedCacheOptions,
  type SetOptions,
} from './options.js';
import { SingleFlight } from './single-flight.js';
import { type CacheStats, StatsCounter } from './stats.js';
import { TagIndex } from './tag-index.js';

/** An invalidation another process published. */
export interface InvalidationEvent {
  /** The keys it dropped (without the namespace). */
  readonly keys: readonly string[];
  /** The tags it dropped (their keys are not listed). */
  readonly tags: readonly string[];
}

/** The events a cache emits. None is `error`: nothing a cache emits can crash the process. */
export interface CacheEvents {
  /** Another process invalidated keys or tags: drop whatever you hold of them in memory. */
  invalidate: [event: InvalidationEvent];
  /** A stored entry could not be decoded; the read counted as a miss. */
  decodeError: [error: CacheDecodeError];
  /** A background refresh failed; the entry it meant to replace stays until it expires. */
  refreshError: [error: unknown, key: string];
}

/**
 * A cache-aside cache. Create it with `createCache(redis, options)`.
 *
 * @example
 * ```ts
 * const cache = createCache(redis, { namespace: 'products', ttl: 60_000 });
 * const product = await cache.getOrSet(`product:${id}`, () => db.product(id), { tags: ['catalog'] });
 * await cache.invalidateTags('catalog'); // after a price update
 * ```
 */
export class Cache extends EventEmitter<CacheEvents> {
  readonly #options: ResolvedCacheOptions;
  readonly #store: EntryStore;
  readonly #tags: TagIndex;
  readonly #channel: CacheChannel;
  readonly #loads: LoadCoordinator;
  readonly #flights = new SingleFlight<unknown>();
  readonly #stats: StatsCounter;
  #closed = false;

  /** @internal Use `createCache`. */
  constructor(redis: CacheRedis, options: ResolvedCacheOptions) {
    super();
    this.#options = options;
    this.#stats = new StatsCounter(options.namespace);
    const keys = new CacheKeys(options.namespace);
    this.#tags = new TagIndex(redis, keys);
    this.#store = new EntryStore(redis, {
      keys,
      serializer: options.serializer,
      tags: this.#tags,
      jitter: options.jitter,
      earlyRefresh: options.earlyRefresh,
      onDecodeError: (error) => {
        this.#stats.count('decode-error');
        this.emit('decodeError', error);
      },
    });
    this.#channel = new CacheChannel(redis, keys, randomUUID(), options.broadcast, {
      onInvalidation: (invalidation) => this.#received(invalidation),
    });
    const lock = options.lock;
    this.#loads = new LoadCoordinator({
      store: this.#store,
      channel: this.#channel,
      stats: this.#stats,
      lock:
        lock === false
          ? undefined
          : { lock: new StampedeLock(redis, keys, lock.ttl), wait: lock.wait },
    });
  }

  /** The namespace every key of this cache lives under. */
  get namespace(): string {
    return this.#options.namespace;
  }

  /** A snapshot of the counters (hits, misses, loads, ...). */
  get stats(): Readonly<CacheStats> {
    return this.#stats.snapshot();
  }

  /**
   * Subscribes to lock releases and other processes' invalidations now, rather than on the first
   * wait. Call it before relying on `invalidate` events.
   */
  async connect(): Promise<void> {
    this.#assertOpen('connect');
    await this.#channel.ready();
  }

  /**
   * The value stored for `key`, or undefined on a miss (a remembered "not found" included).
   * Never calls a loader and never refreshes.
   */
  async get<T = unknown>(key: string): Promise<T | undefined> {
    this.#assertOpen('get');
    checkKey(key, 'get');
    const entry = await this.#store.read(key);
    this.#count(entry);
    return entry?.value as T | undefined;
  }

  /**
   * Stores `value` for `key` (`null` included; `undefined` is refused: use `delete`).
   * @throws CacheSerializationError when the value cannot be serialized (nothing is written)
   */
  async set(key: string, value: unknown, options?: SetOptions): Promise<void> {
    this.#assertOpen('set');
    checkKey(key, 'set');
    checkCallOptions(options, 'set');
    if (value === undefined) throw new TypeError('cache.set(): value is undefined; use delete()');
    await this.#store.write(
      key,
      'value',
      value,
      options?.ttl ?? this.#options.ttl,
      0,
      options?.tags,
    );
  }

  /**
   * The value of `key`; on a miss, `loader`'s, stored before it is returned. Concurrent misses
   * call the loader once in this process and, with the lock on, about once across processes.
   * `undefined` from the loader means "not found": remembered for `negativeTtl`.
   *
   * @throws whatever `loader` throws (every caller sharing the load gets it; nothing is stored)
   * @throws CacheAbortError when `options.signal` fires first (the shared load goes on)
   * @throws CacheSerializationError when the loaded value cannot be serialized
   */
  async getOrSet<T>(
    key: string,
    loader: Loader<T>,
    options?: GetOrSetOptions,
  ): Promise<T | undefined> {
    this.#assertOpen('getOrSet');
    checkKey(key, 'getOrSet');
    checkCallOptions(options, 'getOrSet');
    if (typeof loader !== 'function')
      throw new TypeError('cache.getOrSet(): loader must be a function');
    const signal = options?.signal;
    if (signal?.aborted) throw new CacheAbortError(key, signal.reason);
    const settings: LoadSettings = {
      ttl: options?.ttl ?? this.#options.ttl,
      negativeTtl: options?.negativeTtl ?? this.#options.negativeTtl,
      tags: options?.tags ?? [],
    };
    return abandonable(this.#getOrLoad(key, loader, settings), signal, key);
  }

  /** Deletes `key`'s entry and tells other processes. @returns whether it existed */
  async delete(key: string): Promise<boolean> {
    return (await this.deleteMany([key])) > 0;
  }

  /**
   * Deletes the entries of `keys` (split by slot on a cluster) and tells other processes.
   * @returns how many existed
   */
  async deleteMany(keys: readonly string[]): Promise<number> {
    this.#assertOpen('deleteMany');
    for (const key of keys) checkKey(key, 'deleteMany');
    for (const key of keys) this.#flights.forget(key);
    const deleted = await this.#store.delete(keys);
    await this.#channel.publishInvalidation({ keys, tags: [] });
    return deleted;
  }

  /**
   * Deletes every entry of the tags, on every shard, and tells other processes.
   * @returns how many entries were deleted
   */
  async invalidateTags(tags: string | readonly string[]): Promise<number> {
    this.#assertOpen('invalidateTags');
    const list = typeof tags === 'string' ? [tags] : [...tags];
    if (!list.every((tag) => typeof tag === 'string')) {
      throw new TypeError('cache.invalidateTags(): tags must be strings');
    }
    const deleted = await this.#tags.invalidate(list);
    await this.#channel.publishInvalidation({ keys: [], tags: list });
    return deleted;
  }

  /**
   * Stops listening and refuses further calls. Loads in flight finish and store their values.
   * The Redis client is yours: it is not closed.
   */
  async close(): Promise<void> {
    this.#closed = true;
    await this.#channel.close();
  }

  /** Closes the cache (`await using cache = createCache(...)`). */
  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  async #getOrLoad<T>(
    key: string,
    loader: Loader<T>,
    settings: LoadSettings,
  ): Promise<T | undefined> {
    const entry = await this.#store.read(key);
    this.#count(entry);
    if (entry === undefined) {
      return this.#flights.run(key, () => this.#loads.load(key, loader, settings)) as Promise<
        T | undefined
      >;
    }
    const state = freshness(entry.header, this.#options.earlyRefresh, Date.now());
    if (state !== 'fresh') {
      if (state === 'stale') this.#stats.count('stale');
      this.#refresh(key, loader, settings, entry);
    }
    return entry.value as T | undefined;
  }

  /** Reloads `key` in the background, unless a load of it is already in flight here. */
  #refresh<T>(key: string, loader: Loader<T>, settings: LoadSettings, entry: StoredEntry): void {
    if (this.#flights.has(key)) return;
    this.#stats.count('early-refresh');
    const refreshOf = entry.header.freshUntil;
    this.#flights
      .run(key, () => this.#loads.load(key, loader, settings, refreshOf))
      .catch((error: unknown) => this.emit('refreshError', error, key));
  }

  #count(entry: StoredEntry | undefined): void {
    this.#stats.count(entry === undefined ? 'miss' : 'hit');
  }

  #received(invalidation: Invalidation): void {
    for (const key of invalidation.keys) this.#flights.forget(key);
    this.emit('invalidate', { keys: invalidation.keys, tags: invalidation.tags });
  }

  #assertOpen(method: string): void {
    if (this.#closed) throw new CacheClosedError(method);
  }
}

function checkKey(key: unknown, method: string): void {
  if (typeof key !== 'string') throw new TypeError(`cache.${method}(): keys are strings`);
}
