/**
 * Reading and writing entries: one GET or one SET with PX per entry, the header of entry.ts in
 * front of the serializer's bytes, tags recorded beside. A stored entry that cannot be decoded is
 * handed to `onDecodeError` and read as nothing; a value that cannot be serialized is refused
 * before anything is written.
 */
import { Buffer } from 'node:buffer';
import type { CacheRedis } from './cache-redis.js';
import type { RefreshPolicy } from './early-refresh.js';
import { decodeEntry, type EntryHeader, type EntryKind, encodeEntry } from './entry.js';
import { CacheDecodeError, CacheSerializationError } from './errors.js';
import type { CacheKeys } from './keys.js';
import type { Serializer } from './serializer.js';
import type { TagIndex } from './tag-index.js';
import { jitteredTtl } from './ttl.js';

/** An entry as read: its header, and its value (undefined for a remembered "not found"). */
export interface StoredEntry {
  readonly header: EntryHeader;
  readonly value: unknown;
}

/** What the store needs to know of the cache's settings. */
export interface EntryStoreSettings {
  readonly keys: CacheKeys;
  readonly serializer: Serializer;
  readonly tags: TagIndex;
  readonly jitter: number;
  readonly earlyRefresh: RefreshPolicy;
  readonly onDecodeError: (error: CacheDecodeError) => void;
}

/** Entries of one namespace. */
export class EntryStore {
  readonly #redis: CacheRedis;
  readonly #bytes: Pick<CacheRedis, 'sendCommand'>;
  readonly #settings: EntryStoreSettings;

  constructor(redis: CacheRedis, settings: EntryStoreSettings) {
    this.#redis = redis;
    this.#bytes = redis.withBuffers();
    this.#settings = settings;
  }

  /**
   * The entry of `key`, or undefined when there is none or it cannot be decoded.
   * @param report - whether an undecodable entry is reported; the re-reads of a load in progress
   *   pass false, so one bad entry is reported once per caller's read, not once per check
   */
  async read(key: string, report = true): Promise<StoredEntry | undefined> {
    const { keys, serializer } = this.#settings;
    const bytes = await this.#bytes.sendCommand(['GET', keys.value(key)]);
    if (bytes === null || bytes === undefined) return undefined;
    if (!Buffer.isBuffer(bytes)) return this.#undecodable(report, key, 'not a string');
    const header = decodeEntry(bytes);
    if (typeof header === 'string') return this.#undecodable(report, key, header);
    if (header.serializer !== serializer.name) {
      return this.#undecodable(
        report,
        key,
        `written by serializer ${header.serializer}, this cache reads ${serializer.name}`,
      );
    }
    if (header.kind === 'not-found') return { header, value: undefined };
    try {
      return { header, value: serializer.deserialize(header.payload) };
    } catch (error) {
      return this.#undecodable(report, key, `${serializer.name} could not read it`, error);
    }
  }

  /**
   * Stores `value` (or a "not found") for `ttl` ms less the jitter, stale-while-revalidate's
   * grace added, with the load's duration for XFetch.
   * @throws CacheSerializationError when the value cannot be serialized (nothing is written)
   */
  async write(
    key: string,
    kind: EntryKind,
    value: unknown,
    ttl: number,
    loadMs: number,
    tags: readonly string[] = [],
  ): Promise<void> {
    const { keys, serializer, jitter, earlyRefresh } = this.#settings;
    let payload: Buffer | string = '';
    if (kind === 'value') {
      try {
        payload = serializer.serialize(value);
      } catch (error) {
        throw new CacheSerializationError(key, serializer.name, error);
      }
    }
    const fresh = jitteredTtl(ttl, jitter);
    // A "not found" is never served stale: it simply expires.
    const grace =
      kind === 'value' &&
      earlyRefresh !== false &&
      earlyRefresh.strategy === 'stale-while-revalidate'
        ? earlyRefresh.staleTtl
        : 0;
    const stored = fresh + grace;
    const entry = encodeEntry(kind, Date.now() + fresh, loadMs, serializer.name, payload);
    const entryKey = keys.value(key);
    await Promise.all([
      this.#redis.sendCommand(['SET', entryKey, entry, 'PX', stored]),
      tags.length === 0 ? undefined : this.#settings.tags.add(entryKey, tags, stored),
    ]);
  }

  /** Deletes the entries of `keys`. @returns how many existed */
  async delete(keys: readonly string[]): Promise<number> {
    if (keys.length === 0) return 0;
    const reply = await this.#redis.sendCommand([
      'UNLINK',
      ...keys.map((key) => this.#settings.keys.value(key)),
    ]);
    return typeof reply === 'number' ? reply : 0;
  }

  #undecodable(report: boolean, key: string, reason: string, cause?: unknown): undefined {
    if (report) this.#settings.onDecodeError(new CacheDecodeError(key, reason, cause));
    return undefined;
  }
}
