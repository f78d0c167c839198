/**
 * The `clientSideCache` option of `createClient` and `createCluster`: its fields, defaults and
 * checks. The tracking half (mode, prefixes) is the connection's `tracking` option, checked
 * again there; the bounds are the cache's own.
 */
import type { TrackingMode } from '@redwire/connection';
import { checkOptionKeys, type OptionKeySet, optionKeys } from '@redwire/protocol';

/**
 * An in-process cache of read replies in front of the client (or cluster), kept correct by the
 * server's `CLIENT TRACKING` invalidations. RESP3 only. See the client README's "Client-side
 * caching".
 */
export interface ClientSideCacheOptions {
  /**
   * Most replies held; past it one not read recently is evicted (second chance, an
   * approximation of least recently used: an entry read since it was stored outlives one that
   * was not).
   * @defaultValue `10_000`
   */
  maxEntries?: number | undefined;
  /**
   * Most bytes held, as estimated per entry (its cache key and reply: strings two bytes per
   * character, Buffers their length, plus about 150 bytes of overhead); past it entries not
   * read recently are evicted (as for `maxEntries`). A reply larger than this alone is not
   * cached.
   * @defaultValue `67_108_864` (64 MiB)
   */
  maxBytes?: number | undefined;
  /**
   * `'default'`: the server remembers which keys this client read and invalidates those (its
   * memory grows with them; see `tracking-table-max-keys`). `'broadcast'` (`BCAST`): the server
   * announces every write to keys starting with one of `prefixes`, read or not, and only such
   * keys are cached; cheaper for the server, more messages for the client.
   * @defaultValue `'default'`
   */
  mode?: TrackingMode | undefined;
  /**
   * With `mode: 'broadcast'`: the key prefixes to follow and cache (every key when empty). Refused
   * in the default mode.
   * @defaultValue `[]`
   */
  prefixes?: readonly string[] | undefined;
}

/** Every key of {@link ClientSideCacheOptions}. */
export const CLIENT_SIDE_CACHE_OPTION_KEYS: OptionKeySet = optionKeys<ClientSideCacheOptions>({
  maxEntries: true,
  maxBytes: true,
  mode: true,
  prefixes: true,
});

/** The value of every {@link ClientSideCacheOptions} field that has a default. */
export const CLIENT_SIDE_CACHE_DEFAULTS = Object.freeze({
  maxEntries: 10_000,
  maxBytes: 67_108_864,
  mode: 'default',
} as const satisfies ClientSideCacheOptions);

/** The cache's settings after defaults and checks; frozen. */
export interface ClientSideCacheSettings {
  readonly maxEntries: number;
  readonly maxBytes: number;
  readonly mode: TrackingMode;
  readonly prefixes: readonly string[];
}

/**
 * Checks the `clientSideCache` option (`true` for the defaults, `false` or `undefined` for no
 * cache). The mode and prefixes are checked by the connection's `tracking` option as well.
 * @throws UnknownOptionError, TypeError or RangeError naming what is wrong
 * @internal
 */
export function resolveClientSideCache(
  value: unknown,
  where: string,
): ClientSideCacheSettings | undefined {
  if (value === undefined || value === false) return undefined;
  const options = value === true ? {} : value;
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new TypeError(`clientSideCache must be a boolean or an object, got ${typeof options}`);
  }
  checkOptionKeys(options, CLIENT_SIDE_CACHE_OPTION_KEYS, where, 'clientSideCache.');
  const given = options as ClientSideCacheOptions;
  const maxEntries = given.maxEntries ?? CLIENT_SIDE_CACHE_DEFAULTS.maxEntries;
  if (!Number.isSafeInteger(maxEntries) || maxEntries < 1) {
    throw new RangeError(
      `clientSideCache.maxEntries must be a positive integer, got ${String(maxEntries)}`,
    );
  }
  const maxBytes = given.maxBytes ?? CLIENT_SIDE_CACHE_DEFAULTS.maxBytes;
  if (!Number.isSafeInteger(maxBytes) || maxBytes < 1) {
    throw new RangeError(
      `clientSideCache.maxBytes must be a positive integer, got ${String(maxBytes)}`,
    );
  }
  const mode = given.mode ?? CLIENT_SIDE_CACHE_DEFAULTS.mode;
  if (mode !== 'default' && mode !== 'broadcast') {
    throw new TypeError(
      `clientSideCache.mode must be 'default' or 'broadcast', got ${String(mode)}`,
    );
  }
  const prefixes = given.prefixes ?? [];
  if (!Array.isArray(prefixes)) {
    throw new TypeError('clientSideCache.prefixes must be an array of strings');
  }
  if (prefixes.length > 0 && mode !== 'broadcast') {
    throw new RangeError("clientSideCache.prefixes needs mode: 'broadcast'");
  }
  return Object.freeze({ maxEntries, maxBytes, mode, prefixes: Object.freeze([...prefixes]) });
}
