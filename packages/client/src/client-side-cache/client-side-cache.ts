/**
 * `ClientSideCache`: read replies kept in process, in front of a client or a cluster, and kept
 * correct by the server's `CLIENT TRACKING` (RESP3 push frames on the same connections the
 * reads went through). What it promises: a reply is never served after the server has said
 * its key changed, and nothing read before a connection was lost is served after it, since
 * invalidations may have been lost with it. What it does not: a write from elsewhere reaches
 * this process only as fast as the server's push does (one round trip, about).
 *
 * The pieces: cacheable.ts decides what may be cached and under which key, lru-store.ts holds
 * the entries within their bounds, read-epochs.ts keeps a reply that raced an invalidation
 * from being stored, cached-reply.ts hands a hit out (a copy of a mutable reply, one shared
 * promise for an immutable one).
 */
import { Buffer } from 'node:buffer';
import type { Connection, TrackingOptions } from '@redwire/connection';
import type { CommandArgument, PushFrame, RespValue } from '@redwire/protocol';
import type { CommandSpec } from '../command.js';
import { cachedKeys, cacheGroupOf, cacheMemberOf, isCacheableSpec } from './cacheable.js';
import { CachedReply, type ReplyTransform } from './cached-reply.js';
import { copyReply } from './copy-reply.js';
import { LruStore } from './lru-store.js';
import type { ClientSideCacheSettings } from './options.js';
import { ReadEpochs, type ReadTicket } from './read-epochs.js';
import { entrySize } from './reply-size.js';

/** Counters of a client-side cache; they only grow, except `entries` and `bytes`. */
export interface ClientSideCacheStats {
  /** Reads answered from the cache. */
  hits: number;
  /** Cacheable reads sent to the server because the cache did not hold them. */
  misses: number;
  /** Entries dropped to stay within `maxEntries` or `maxBytes` (or too large to keep). */
  evictions: number;
  /** Keys the server said changed (each key of each `invalidate` message). */
  invalidations: number;
  /** Times the whole cache was emptied: a connection lost or closed, slots moved, FLUSHALL, `flush()`. */
  flushes: number;
  /** Entries held now. */
  entries: number;
  /** Bytes held now, as estimated (see `maxBytes`). */
  bytes: number;
}

/**
 * A read the cache missed, on its way to the server: what storing its reply needs.
 * @internal
 */
export class PendingRead {
  constructor(
    readonly group: string,
    readonly member: string,
    readonly keys: readonly string[],
    readonly ticket: ReadTicket,
  ) {}
}

/** Sends a read to the server; the cache calls it on a miss. */
export type SendRead = () => Promise<RespValue>;

/**
 * The client-side cache of one client, or one cluster (shared by its nodes). Made by
 * `createClient` or `createCluster` with the `clientSideCache` option; read it through
 * `redis.clientSideCache` for its counters, or to empty it.
 */
export class ClientSideCache {
  readonly #settings: ClientSideCacheSettings;
  readonly #store: LruStore<CachedReply>;
  readonly #epochs = new ReadEpochs();
  readonly #counts = { hits: 0, misses: 0, evictions: 0, invalidations: 0, flushes: 0 };

  /** @internal Use the `clientSideCache` option of `createClient` or `createCluster`. */
  constructor(settings: ClientSideCacheSettings) {
    this.#settings = settings;
    this.#store = new LruStore(settings);
  }

  /** A snapshot of the counters. */
  get stats(): ClientSideCacheStats {
    return { ...this.#counts, entries: this.#store.size, bytes: this.#store.bytes };
  }

  /**
   * What each connection reads are cached from must track (its `tracking` option).
   * @internal
   */
  get tracking(): TrackingOptions {
    return { mode: this.#settings.mode, prefixes: this.#settings.prefixes };
  }

  /** Empties the cache; replies of reads in flight are not stored either. */
  flush(): void {
    this.#epochs.flush();
    this.#store.clear();
    this.#counts.flushes++;
  }

  /**
   * Follows a connection reads are sent through (its `tracking` option set): its invalidations
   * drop entries, and losing it (or closing it) empties the cache.
   * @internal
   */
  attach(connection: Connection): void {
    connection.on('push', (push) => this.#onPush(push));
    // 'error' is the socket lost while ready (before 'reconnecting'); 'end' is the connection
    // closed for good. Either way invalidations may have been missed.
    connection.on('error', () => this.flush());
    connection.on('reconnecting', () => this.flush());
    connection.on('end', () => this.flush());
  }

  /**
   * The cache's answer to a read: its reply (a hit), a {@link PendingRead} to pass to
   * {@link ClientSideCache.fill} with the reply the server will send (a miss), or undefined
   * when the command is not cached (send it as usual). Two steps rather than a callback, so
   * that a hit allocates no closure. A hit is passed through `transform` (the method's reply
   * conversion) here, so that it settles in one promise rather than two chained.
   * @internal
   */
  lookup<T = RespValue>(
    args: readonly CommandArgument[],
    spec: CommandSpec | undefined,
    returnBuffers: boolean,
    transform?: ReplyTransform<T>,
  ): Promise<T> | PendingRead | undefined {
    if (spec === undefined || !isCacheableSpec(spec)) return undefined;
    const group = cacheGroupOf(args, returnBuffers);
    const member = cacheMemberOf(args);
    if (group === undefined || member === undefined) return undefined;
    const hit = this.#store.get(group, member);
    if (hit !== undefined) {
      this.#counts.hits++;
      return hit.answer(transform);
    }
    const keys = cachedKeys(spec, args);
    if (keys === undefined || !this.#followed(keys)) return undefined;
    this.#counts.misses++;
    return new PendingRead(group, member, keys, this.#epochs.begin(keys));
  }

  /**
   * Stores the reply of a miss when it arrives, unless its keys were invalidated (or the cache
   * flushed) meanwhile; resolves or rejects as `reply` does.
   * @internal
   */
  fill(pending: PendingRead, reply: Promise<RespValue>): Promise<RespValue> {
    return reply.then(
      (value) => {
        if (this.#epochs.end(pending.ticket, pending.keys)) {
          const { group, member, keys } = pending;
          const stored = copyReply(value);
          const bytes = entrySize(group, member, stored);
          const entry = new CachedReply(stored);
          this.#counts.evictions += this.#store.set(group, member, entry, keys, bytes);
        }
        return value;
      },
      (error: unknown) => {
        this.#epochs.end(pending.ticket, pending.keys);
        throw error;
      },
    );
  }

  /**
   * {@link ClientSideCache.lookup} and {@link ClientSideCache.fill} in one call, for callers
   * that do not mind a closure per read.
   * @internal
   */
  read(
    args: readonly CommandArgument[],
    spec: CommandSpec | undefined,
    returnBuffers: boolean,
    send: SendRead,
  ): Promise<RespValue> {
    const found = this.lookup(args, spec, returnBuffers);
    if (found === undefined) return send();
    if (found instanceof PendingRead) return this.fill(found, send());
    return found;
  }

  /** Keys in flight, for tests: it must come back to 0. @internal */
  get readsTracked(): number {
    return this.#epochs.tracked;
  }

  /** Whether the server sends invalidations for every one of `keys` (BCAST: its prefixes). */
  #followed(keys: readonly string[]): boolean {
    const { prefixes } = this.#settings;
    if (prefixes.length === 0) return true;
    return keys.every((key) => prefixes.some((prefix) => key.startsWith(prefix)));
  }

  /** `['invalidate', [key, ...]]`, or `['invalidate', null]` after FLUSHALL / FLUSHDB. */
  #onPush(push: PushFrame): void {
    const kind = push[0];
    if (kind !== 'invalidate' && !(Buffer.isBuffer(kind) && kind.toString() === 'invalidate')) {
      return;
    }
    const keys = push[1];
    if (!Array.isArray(keys)) {
      this.flush();
      return;
    }
    for (const key of keys) {
      const name = typeof key === 'string' ? key : String(key);
      this.#counts.invalidations++;
      this.#epochs.invalidate(name);
      this.#store.deleteKey(name);
    }
  }
}
