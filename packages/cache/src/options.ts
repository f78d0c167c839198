/**
 * Options of `createCache` and of its calls: each with its default and unit, the defaults in one
 * frozen object, and one function that checks what a user gave (unknown keys included) and fills
 * in the rest, so the cache itself never meets a missing or malformed setting.
 */
import { checkOptionKeys, optionKeys } from '@redwire/protocol';
import { resolveSerializer, type Serializer } from './serializer.js';

/** The cross-process stampede lock (SET NX PX with a random token). */
export interface LockOptions {
  /**
   * How long a lock lives, in ms: the longest a holder that died mid-load keeps the others
   * waiting. Make it longer than a slow load.
   * @defaultValue `10_000`
   */
  ttl?: number | undefined;
  /**
   * How long, in ms, a caller waits for another process's load before loading itself. The wait
   * ends sooner when the holder releases (a pub/sub message) or its lock expires.
   * @defaultValue `5_000`
   */
  wait?: number | undefined;
}

/** How hot keys are reloaded before they expire. */
export interface EarlyRefreshOptions {
  /**
   * `'xfetch'`: each hit reloads in the background with a probability that grows as the entry
   * nears its end, scaled by how long its load took (Vattani et al., "Optimal Probabilistic Cache
   * Stampede Prevention"). `'stale-while-revalidate'`: an entry past its TTL is kept `staleTtl`
   * longer and served while one background load replaces it.
   * @defaultValue `'xfetch'`
   */
  strategy?: 'xfetch' | 'stale-while-revalidate' | undefined;
  /** XFetch's β: above 1 reloads earlier, below 1 later. @defaultValue `1` */
  beta?: number | undefined;
  /** With `'stale-while-revalidate'`: how long past its TTL an entry is still served, in ms. @defaultValue `60_000` */
  staleTtl?: number | undefined;
}

/** Everything `createCache` accepts. */
export interface CacheOptions {
  /**
   * Prefix of every key, lock, tag set and channel the cache uses (`<namespace>:v:<key>`). Caches
   * that share it share entries. No `{` or `}`: the namespace must not pin keys to one slot.
   * @defaultValue `'cache'`
   */
  namespace?: string | undefined;
  /** Time to live of an entry, in ms. @defaultValue `60_000` */
  ttl?: number | undefined;
  /**
   * Each entry's TTL is shortened by a random share of up to this fraction (0 to < 1), so keys
   * written together do not all expire together.
   * @defaultValue `0.1`
   */
  jitter?: number | undefined;
  /**
   * Time to live, in ms, of a "not found": a loader that returns `undefined` is remembered this
   * long, so a missing row is not looked up on every request. `0` stores nothing. (`null` is a
   * value like any other and is stored with `ttl`.)
   * @defaultValue `5_000`
   */
  negativeTtl?: number | undefined;
  /**
   * How values become bytes: `'json'` (Date, BigInt, Map, Set and Buffer survive), `'msgpack'`
   * (msgpackr) or your own {@link Serializer}.
   * @defaultValue `'json'`
   */
  serializer?: 'json' | 'msgpack' | Serializer | undefined;
  /** The stampede lock across processes; `false` turns it off (single flight stays). @defaultValue `{ ttl: 10_000, wait: 5_000 }` */
  lock?: LockOptions | false | undefined;
  /** Reloading hot keys before they expire; `false` turns it off. @defaultValue `{ strategy: 'xfetch', beta: 1 }` */
  earlyRefresh?: EarlyRefreshOptions | false | undefined;
  /**
   * Publish every invalidation on `<namespace>:invalidate` and listen to the others', emitting
   * `invalidate` for each, so processes can drop what they hold in memory.
   * @defaultValue `true`
   */
  broadcast?: boolean | undefined;
}

/** Options of `set`. */
export interface SetOptions {
  /** Time to live of this entry, in ms. @defaultValue the cache's `ttl` */
  ttl?: number | undefined;
  /** Tags the entry belongs to: `invalidateTags` drops every entry of a tag. @defaultValue `[]` */
  tags?: readonly string[] | undefined;
}

/** Options of `getOrSet`. */
export interface GetOrSetOptions extends SetOptions {
  /** Time to live of a "not found" from this loader, in ms. @defaultValue the cache's `negativeTtl` */
  negativeTtl?: number | undefined;
  /** Abandons this caller's wait (it rejects with `CacheAbortError`); a shared load goes on. */
  signal?: AbortSignal | undefined;
}

/** The defaults, as `createCache` fills them in. */
export const CACHE_DEFAULTS = Object.freeze({
  namespace: 'cache',
  ttl: 60_000,
  jitter: 0.1,
  negativeTtl: 5_000,
  lock: Object.freeze({ ttl: 10_000, wait: 5_000 }),
  earlyRefresh: Object.freeze({ strategy: 'xfetch' as const, beta: 1, staleTtl: 60_000 }),
  broadcast: true,
});

/** Options after defaults and checks. */
export interface ResolvedCacheOptions {
  readonly namespace: string;
  readonly ttl: number;
  readonly jitter: number;
  readonly negativeTtl: number;
  readonly serializer: Serializer;
  readonly lock: Required<{ [K in keyof LockOptions]: number }> | false;
  readonly earlyRefresh:
    | { readonly strategy: 'xfetch'; readonly beta: number }
    | { readonly strategy: 'stale-while-revalidate'; readonly staleTtl: number }
    | false;
  readonly broadcast: boolean;
}

const CACHE_KEYS = optionKeys<CacheOptions>({
  namespace: true,
  ttl: true,
  jitter: true,
  negativeTtl: true,
  serializer: true,
  lock: true,
  earlyRefresh: true,
  broadcast: true,
});
const LOCK_KEYS = optionKeys<LockOptions>({ ttl: true, wait: true });
const REFRESH_KEYS = optionKeys<EarlyRefreshOptions>({
  strategy: true,
  beta: true,
  staleTtl: true,
});
const SET_KEYS = optionKeys<SetOptions>({ ttl: true, tags: true });
const GET_OR_SET_KEYS = optionKeys<GetOrSetOptions>({
  ttl: true,
  tags: true,
  negativeTtl: true,
  signal: true,
});

const WHERE = 'createCache()';

/**
 * Checks `createCache`'s options and fills in the defaults.
 * @throws UnknownOptionError for a key it does not know (nested ones included)
 * @throws TypeError or RangeError for a value out of its range
 */
export function resolveCacheOptions(options: CacheOptions = {}): ResolvedCacheOptions {
  checkOptionKeys(options, CACHE_KEYS, WHERE);
  const namespace = options.namespace ?? CACHE_DEFAULTS.namespace;
  if (typeof namespace !== 'string' || namespace === '' || /[{}]/.test(namespace)) {
    throw new TypeError(`${WHERE}: namespace must be a non-empty string without { or }`);
  }
  const jitter = options.jitter ?? CACHE_DEFAULTS.jitter;
  if (!(jitter >= 0 && jitter < 1)) throw new RangeError(`${WHERE}: jitter must be in [0, 1)`);
  return {
    namespace,
    ttl: positive(options.ttl ?? CACHE_DEFAULTS.ttl, 'ttl'),
    jitter,
    negativeTtl: nonNegative(options.negativeTtl ?? CACHE_DEFAULTS.negativeTtl, 'negativeTtl'),
    serializer: resolveSerializer(options.serializer ?? 'json', WHERE),
    lock: resolveLock(options.lock),
    earlyRefresh: resolveEarlyRefresh(options.earlyRefresh),
    broadcast: options.broadcast ?? CACHE_DEFAULTS.broadcast,
  };
}

function resolveLock(lock: LockOptions | false | undefined): ResolvedCacheOptions['lock'] {
  if (lock === false) return false;
  checkOptionKeys(lock ?? {}, LOCK_KEYS, WHERE, 'lock.');
  return {
    ttl: positive(lock?.ttl ?? CACHE_DEFAULTS.lock.ttl, 'lock.ttl'),
    wait: nonNegative(lock?.wait ?? CACHE_DEFAULTS.lock.wait, 'lock.wait'),
  };
}

function resolveEarlyRefresh(
  refresh: EarlyRefreshOptions | false | undefined,
): ResolvedCacheOptions['earlyRefresh'] {
  if (refresh === false) return false;
  checkOptionKeys(refresh ?? {}, REFRESH_KEYS, WHERE, 'earlyRefresh.');
  const strategy = refresh?.strategy ?? CACHE_DEFAULTS.earlyRefresh.strategy;
  if (strategy === 'xfetch') {
    return { strategy, beta: positive(refresh?.beta ?? 1, 'earlyRefresh.beta') };
  }
  if (strategy === 'stale-while-revalidate') {
    const staleTtl = refresh?.staleTtl ?? CACHE_DEFAULTS.earlyRefresh.staleTtl;
    return { strategy, staleTtl: positive(staleTtl, 'earlyRefresh.staleTtl') };
  }
  throw new TypeError(
    `${WHERE}: earlyRefresh.strategy must be 'xfetch' or 'stale-while-revalidate', not ${String(strategy)}`,
  );
}

/**
 * Checks a call's options (`set`, `getOrSet`) and its TTLs.
 * @throws UnknownOptionError for a key the call does not know
 */
export function checkCallOptions(
  options: GetOrSetOptions | undefined,
  method: 'set' | 'getOrSet',
): void {
  if (options === undefined) return;
  const where = `cache.${method}()`;
  checkOptionKeys(options, method === 'set' ? SET_KEYS : GET_OR_SET_KEYS, where);
  if (options.ttl !== undefined) positive(options.ttl, 'ttl', where);
  if (options.negativeTtl !== undefined) nonNegative(options.negativeTtl, 'negativeTtl', where);
  if (options.tags !== undefined && !options.tags.every((tag) => typeof tag === 'string')) {
    throw new TypeError(`${where}: tags must be strings`);
  }
}

function positive(value: number, name: string, where = WHERE): number {
  if (!(Number.isFinite(value) && value > 0)) {
    throw new RangeError(`${where}: ${name} must be a positive number of ms, not ${value}`);
  }
  return value;
}

function nonNegative(value: number, name: string, where = WHERE): number {
  if (!(Number.isFinite(value) && value >= 0)) {
    throw new RangeError(`${where}: ${name} must be 0 or a positive number of ms, not ${value}`);
  }
  return value;
}
