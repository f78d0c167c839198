/**
 * The cache's pub/sub: one subscriber per cache, on two channels of its namespace.
 *
 * - `<ns>:release` carries the key whose lock was just released. A caller waiting for another
 *   process's load registers here and sleeps until that message (or its bound), instead of
 *   polling Redis in a loop. One channel for the namespace rather than one per key: waiting then
 *   costs no SUBSCRIBE/UNSUBSCRIBE round trip, and the subscriber is ready before any wait starts.
 * - `<ns>:invalidate` carries invalidations (`{ from, keys, tags }` as JSON), so other processes
 *   can drop what they hold in memory; a cache ignores its own.
 *
 * On a cluster a PUBLISH reaches every node's subscribers, so one subscription anywhere hears it.
 */
import type { CacheMessage, CacheRedis, CacheSubscriber } from './cache-redis.js';
import type { CacheKeys } from './keys.js';

/** An invalidation as it travels between processes. */
export interface Invalidation {
  /** The keys dropped (without the namespace). */
  readonly keys: readonly string[];
  /** The tags dropped. */
  readonly tags: readonly string[];
}

/** A registered wait for one key's lock release. */
export interface ReleaseWait {
  /** Resolves true on the release, false once `ms` have passed. */
  within(ms: number): Promise<boolean>;
  /** Unregisters the wait (always call it, in a `finally`). */
  cancel(): void;
}

/** What the channel tells its cache. */
export interface ChannelHandlers {
  /** Another process invalidated something. */
  onInvalidation(invalidation: Invalidation): void;
}

/** Publishes and listens for one cache. */
export class CacheChannel {
  readonly #redis: CacheRedis;
  readonly #keys: CacheKeys;
  readonly #id: string;
  readonly #broadcast: boolean;
  readonly #handlers: ChannelHandlers;
  readonly #waiters = new Map<string, Set<() => void>>();
  #subscriber: CacheSubscriber | undefined;
  #ready: Promise<void> | undefined;

  /**
   * @param id - this cache's identity in invalidation messages, to skip its own
   * @param broadcast - whether to listen to invalidations as well as releases
   */
  constructor(
    redis: CacheRedis,
    keys: CacheKeys,
    id: string,
    broadcast: boolean,
    handlers: ChannelHandlers,
  ) {
    this.#redis = redis;
    this.#keys = keys;
    this.#id = id;
    this.#broadcast = broadcast;
    this.#handlers = handlers;
  }

  /** Subscribes (once; again after a failed attempt). Resolves once the server confirmed. */
  ready(): Promise<void> {
    if (this.#ready !== undefined) return this.#ready;
    this.#subscriber ??= this.#redis.subscriber();
    const channels = [this.#keys.releaseChannel];
    if (this.#broadcast) channels.push(this.#keys.invalidateChannel);
    const ready = this.#subscriber.subscribe(channels, (m) => this.#receive(m)).then(() => {});
    this.#ready = ready;
    ready.catch(() => {
      if (this.#ready === ready) this.#ready = undefined;
    });
    return ready;
  }

  /**
   * Registers a wait for `key`'s release. Register before checking whether the load is done,
   * so a release published in between is not missed.
   */
  expectRelease(key: string): ReleaseWait {
    let wake!: () => void;
    const released = new Promise<void>((resolve) => {
      wake = resolve;
    });
    const set = this.#waiters.get(key) ?? new Set<() => void>();
    this.#waiters.set(key, set);
    set.add(wake);
    let timer: NodeJS.Timeout | undefined;
    return {
      within: (ms) =>
        Promise.race([
          released.then(() => true),
          new Promise<boolean>((resolve) => {
            timer = setTimeout(resolve, ms, false);
          }),
        ]),
      cancel: () => {
        clearTimeout(timer);
        set.delete(wake);
        if (set.size === 0 && this.#waiters.get(key) === set) this.#waiters.delete(key);
      },
    };
  }

  /** Tells every waiting process that `key`'s load is over. */
  async publishRelease(key: string): Promise<void> {
    await this.#redis.sendCommand(['PUBLISH', this.#keys.releaseChannel, key]);
  }

  /** Tells other processes what was invalidated (when broadcasting is on). */
  async publishInvalidation(invalidation: Invalidation): Promise<void> {
    if (!this.#broadcast) return;
    const message = JSON.stringify({ from: this.#id, ...invalidation });
    await this.#redis.sendCommand(['PUBLISH', this.#keys.invalidateChannel, message]);
  }

  /** Closes the subscriber; waits in progress run to their bounds. */
  async close(): Promise<void> {
    const subscriber = this.#subscriber;
    this.#subscriber = undefined;
    this.#ready = undefined;
    await subscriber?.close();
  }

  #receive(m: CacheMessage): void {
    const channel = String(m.channel);
    if (channel === this.#keys.releaseChannel) {
      for (const wake of this.#waiters.get(String(m.message)) ?? []) wake();
    } else if (channel === this.#keys.invalidateChannel) {
      const invalidation = parseInvalidation(String(m.message));
      if (invalidation !== undefined && invalidation.from !== this.#id) {
        this.#handlers.onInvalidation({ keys: invalidation.keys, tags: invalidation.tags });
      }
    }
  }
}

/** A message from another process is data, not trusted: anything malformed is ignored. */
function parseInvalidation(text: string): (Invalidation & { from: string }) | undefined {
  try {
    const parsed = JSON.parse(text) as { from?: unknown; keys?: unknown; tags?: unknown };
    const strings = (value: unknown) =>
      Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
    if (typeof parsed?.from !== 'string') return undefined;
    return { from: parsed.from, keys: strings(parsed.keys), tags: strings(parsed.tags) };
  } catch {
    return undefined;
  }
}
