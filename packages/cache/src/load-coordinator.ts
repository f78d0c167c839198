/**
 * One load of one key at a time across processes: what happens after a miss (or a hit that
 * should refresh) in the process that single flight elected.
 *
 * ```
 * take the key's lock ── taken ──> read again ── found (someone just wrote it) ──> that value
 *        │                                  └─── still missing ──> load, store, release, PUBLISH
 *     held elsewhere
 *        v
 * register for the release, read again ── found ──> that value
 *        │
 *        └─ sleep until the release message, the lock's expiry (its holder died) or `lock.wait`
 *           then: found ──> that value; else take the lock again; past `lock.wait`, load anyway
 * ```
 *
 * A background refresh that finds the lock held returns the entry it has: the holder is already
 * replacing it.
 */
import { performance } from 'node:perf_hooks';
import type { CacheChannel } from './cache-channel.js';
import type { EntryStore } from './entry-store.js';
import type { StampedeLock } from './lock.js';
import type { StatsCounter } from './stats.js';

/** Loads a key's value: the user's function. `undefined` means "not found". */
export type Loader<T> = (key: string) => T | undefined | Promise<T | undefined>;

/** A load's settings, resolved from the call's options and the cache's. */
export interface LoadSettings {
  readonly ttl: number;
  readonly negativeTtl: number;
  readonly tags: readonly string[];
}

/** The parts a coordinator works with. */
export interface CoordinatorParts {
  readonly store: EntryStore;
  readonly channel: CacheChannel;
  readonly stats: StatsCounter;
  /** The lock and how long to wait for another holder, or undefined when locking is off. */
  readonly lock: { readonly lock: StampedeLock; readonly wait: number } | undefined;
}

type WaitOutcome = { readonly found: unknown } | 'retry' | 'timeout';

/** Runs loads under the stampede lock. */
export class LoadCoordinator {
  readonly #parts: CoordinatorParts;

  constructor(parts: CoordinatorParts) {
    this.#parts = parts;
  }

  /**
   * The value of `key` after a miss, or after a hit that asked for a refresh (`refreshOf`: the
   * `freshUntil` of the entry to replace; an entry with a later one is already a replacement).
   */
  async load<T>(
    key: string,
    loader: Loader<T>,
    settings: LoadSettings,
    refreshOf?: number,
  ): Promise<T | undefined> {
    const locking = this.#parts.lock;
    if (locking === undefined) return this.#loadAndStore(key, loader, settings);
    const { lock, wait } = locking;
    const deadline = Date.now() + wait;
    let waited = false;
    for (;;) {
      const token = await lock.acquire(key);
      if (token !== undefined) return this.#loadHolding(key, token, loader, settings, refreshOf);
      if (refreshOf !== undefined) {
        const current = await this.#parts.store.read(key, false);
        if (current !== undefined) return current.value as T | undefined;
        // It expired meanwhile: from here on this is a miss like any other.
        refreshOf = undefined;
      }
      if (!waited) {
        this.#parts.stats.count('lock-wait');
        waited = true;
      }
      const outcome = await this.#awaitHolder(key, deadline, lock);
      if (outcome === 'timeout') {
        this.#parts.stats.count('lock-timeout');
        return this.#loadAndStore(key, loader, settings);
      }
      if (outcome !== 'retry') return outcome.found as T | undefined;
    }
  }

  async #awaitHolder(key: string, deadline: number, lock: StampedeLock): Promise<WaitOutcome> {
    const { channel, store } = this.#parts;
    // Without the subscription (its connection failing) the wait still ends, at the lock's
    // expiry or the bound: slower, never stuck, and not the caller's failure.
    await channel.ready().catch(() => undefined);
    const release = channel.expectRelease(key);
    try {
      const before = await store.read(key, false);
      if (before !== undefined) return { found: before.value };
      const left = deadline - Date.now();
      if (left <= 0) return 'timeout';
      const held = await lock.remaining(key);
      if (held === 0) return 'retry';
      // A few ms past the lock's expiry, so a holder that died is noticed on the first wake.
      await release.within(Math.min(left, held + 5));
      const after = await store.read(key, false);
      return after === undefined ? 'retry' : { found: after.value };
    } finally {
      release.cancel();
    }
  }

  async #loadHolding<T>(
    key: string,
    token: string,
    loader: Loader<T>,
    settings: LoadSettings,
    refreshOf: number | undefined,
  ): Promise<T | undefined> {
    const { store, channel, lock } = this.#parts;
    try {
      // Another process may have stored it between our miss and taking the lock.
      const current = await store.read(key, false);
      if (
        current !== undefined &&
        (refreshOf === undefined || current.header.freshUntil > refreshOf)
      ) {
        return current.value as T | undefined;
      }
      return await this.#loadAndStore(key, loader, settings);
    } finally {
      // Failing to release or to publish costs the others only time: the lock expires and
      // waiters wake at its expiry. The load's own outcome is what the callers need.
      await lock?.lock.release(key, token).catch(() => false);
      await channel.publishRelease(key).catch(() => undefined);
    }
  }

  async #loadAndStore<T>(
    key: string,
    loader: Loader<T>,
    settings: LoadSettings,
  ): Promise<T | undefined> {
    const { stats, store } = this.#parts;
    stats.count('load');
    const started = performance.now();
    let value: T | undefined;
    try {
      value = await loader(key);
    } catch (error) {
      stats.count('load-error');
      throw error;
    }
    const loadMs = performance.now() - started;
    if (value === undefined) {
      if (settings.negativeTtl > 0) {
        await store.write(key, 'not-found', undefined, settings.negativeTtl, loadMs, settings.tags);
      }
      return undefined;
    }
    await store.write(key, 'value', value, settings.ttl, loadMs, settings.tags);
    return value;
  }
}
